export { SecretProxyModule } from './secret-proxy.module';
export { describeProxyRoutes } from './proxy.openapi';
