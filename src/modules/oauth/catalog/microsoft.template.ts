import { ProviderTemplate } from './provider-template';

/** Microsoft returns a new refresh token on every refresh; `offline_access` is what gets one at all. */
export const MICROSOFT: ProviderTemplate = {
  template: 'microsoft',
  name: 'Microsoft (Entra ID, Graph)',
  authorizeUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
  tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
  apiBaseUrl: 'https://graph.microsoft.com',
  tokenAuthMethod: 'client_secret_post',
  usePkce: false,
  errorStyle: 'standard',
  defaultScopes: ['offline_access', 'User.Read'],
  docsUrl: 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow',
  domains: ['microsoftonline.com', 'microsoft.com'],
  quirks: { rotatesRefreshTokens: true },
  note: 'The `offline_access` scope is what makes Microsoft issue a refresh token.',
};
