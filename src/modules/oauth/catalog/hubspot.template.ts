import { ProviderTemplate } from './provider-template';

/** HubSpot: short-lived access tokens, a long-lived refresh token that does not rotate. */
export const HUBSPOT: ProviderTemplate = {
  template: 'hubspot',
  name: 'HubSpot',
  authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
  tokenUrl: 'https://api.hubapi.com/oauth/v1/token',
  apiBaseUrl: 'https://api.hubapi.com',
  tokenAuthMethod: 'client_secret_post',
  usePkce: false,
  errorStyle: 'standard',
  defaultScopes: ['oauth'],
  docsUrl: 'https://developers.hubspot.com/docs/api/oauth-quickstart-guide',
  domains: ['hubspot.com', 'hubapi.com'],
  quirks: {},
};
