import { ProviderTemplate } from './provider-template';

/** Asana: one-hour access tokens and a refresh token that does not rotate. */
export const ASANA: ProviderTemplate = {
  template: 'asana',
  name: 'Asana',
  authorizeUrl: 'https://app.asana.com/-/oauth_authorize',
  tokenUrl: 'https://app.asana.com/-/oauth_token',
  apiBaseUrl: 'https://app.asana.com/api/1.0',
  tokenAuthMethod: 'client_secret_post',
  usePkce: true,
  errorStyle: 'standard',
  defaultScopes: ['default'],
  docsUrl: 'https://developers.asana.com/docs/oauth',
  domains: ['asana.com'],
  quirks: {},
};
