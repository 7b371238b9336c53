import { ProviderTemplate } from './provider-template';

/** Airtable requires PKCE, authenticates confidential clients with HTTP Basic and rotates refresh tokens. */
export const AIRTABLE: ProviderTemplate = {
  template: 'airtable',
  name: 'Airtable',
  authorizeUrl: 'https://airtable.com/oauth2/v1/authorize',
  tokenUrl: 'https://airtable.com/oauth2/v1/token',
  apiBaseUrl: 'https://api.airtable.com/v0',
  tokenAuthMethod: 'client_secret_basic',
  usePkce: true,
  errorStyle: 'standard',
  defaultScopes: ['data.records:read', 'schema.bases:read'],
  docsUrl: 'https://airtable.com/developers/web/api/oauth-reference',
  domains: ['airtable.com'],
  quirks: { rotatesRefreshTokens: true },
};
