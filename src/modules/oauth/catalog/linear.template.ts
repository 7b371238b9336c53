import { ProviderTemplate } from './provider-template';

/** Linear separates scopes with commas. */
export const LINEAR: ProviderTemplate = {
  template: 'linear',
  name: 'Linear',
  authorizeUrl: 'https://linear.app/oauth/authorize',
  tokenUrl: 'https://api.linear.app/oauth/token',
  apiBaseUrl: 'https://api.linear.app',
  tokenAuthMethod: 'client_secret_post',
  usePkce: false,
  errorStyle: 'standard',
  defaultScopes: ['read'],
  docsUrl: 'https://linear.app/developers/oauth-2-0-authentication',
  domains: ['linear.app'],
  quirks: { scopeSeparator: ',' },
};
