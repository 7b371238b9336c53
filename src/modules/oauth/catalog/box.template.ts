import { ProviderTemplate } from './provider-template';

/** Box refresh tokens are single use: every refresh returns the next one. */
export const BOX: ProviderTemplate = {
  template: 'box',
  name: 'Box',
  authorizeUrl: 'https://account.box.com/api/oauth2/authorize',
  tokenUrl: 'https://api.box.com/oauth2/token',
  apiBaseUrl: 'https://api.box.com/2.0',
  tokenAuthMethod: 'client_secret_post',
  usePkce: false,
  errorStyle: 'standard',
  defaultScopes: [],
  docsUrl: 'https://developer.box.com/guides/authentication/oauth2/',
  domains: ['box.com'],
  quirks: { rotatesRefreshTokens: true },
  note: 'Scopes are chosen in the Box app.',
};
