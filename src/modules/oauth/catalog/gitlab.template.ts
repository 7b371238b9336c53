import { ProviderTemplate } from './provider-template';

/** GitLab (gitlab.com) rotates refresh tokens on every refresh. */
export const GITLAB: ProviderTemplate = {
  template: 'gitlab',
  name: 'GitLab',
  authorizeUrl: 'https://gitlab.com/oauth/authorize',
  tokenUrl: 'https://gitlab.com/oauth/token',
  apiBaseUrl: 'https://gitlab.com/api/v4',
  tokenAuthMethod: 'client_secret_post',
  usePkce: true,
  errorStyle: 'standard',
  defaultScopes: ['read_api'],
  docsUrl: 'https://docs.gitlab.com/api/oauth2/',
  domains: ['gitlab.com'],
  quirks: { rotatesRefreshTokens: true },
  note: "For a self-managed GitLab, override the three URLs with your instance's.",
};
