export { SecretProxyModule } from './secret-proxy.module';
