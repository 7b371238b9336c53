import { ProviderTemplate } from './provider-template';

/** Atlassian (3LO) needs audience=api.atlassian.com and prompt=consent, issues a refresh token for `offline_access`, and rotates it with reuse detection. */
export const ATLASSIAN: ProviderTemplate = {
  template: 'atlassian',
  name: 'Atlassian (Jira, Confluence)',
  authorizeUrl: 'https://auth.atlassian.com/authorize',
  tokenUrl: 'https://auth.atlassian.com/oauth/token',
  apiBaseUrl: 'https://api.atlassian.com',
  tokenAuthMethod: 'client_secret_post',
  usePkce: false,
  errorStyle: 'standard',
  defaultScopes: ['offline_access', 'read:me'],
  docsUrl: 'https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/',
  domains: ['atlassian.com'],
  quirks: {
    authorizeParams: { audience: 'api.atlassian.com', prompt: 'consent' },
    rotatesRefreshTokens: true,
  },
  note: 'Calls go to `/ex/jira/<cloudId>/…` or `/ex/confluence/<cloudId>/…` under the API base; the cloud id comes from `/oauth/token/accessible-resources`.',
};
