export { SecretProxyModule } from './secret-proxy.module';
export { SecretProxySweepService } from './secret-proxy-sweep.service';
