import { ProviderTemplate } from './provider-template';

/** GitHub answers token-endpoint failures with HTTP 200 and `{error}`; App user tokens may or may not expire. */
export const GITHUB: ProviderTemplate = {
  template: 'github',
  name: 'GitHub',
  authorizeUrl: 'https://github.com/login/oauth/authorize',
  tokenUrl: 'https://github.com/login/oauth/access_token',
  apiBaseUrl: 'https://api.github.com',
  tokenAuthMethod: 'client_secret_post',
  usePkce: true,
  errorStyle: 'standard',
  defaultScopes: ['read:user'],
  docsUrl:
    'https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-user-access-token-for-a-github-app',
  domains: ['github.com'],
  quirks: { errorsInSuccessBody: true },
  note: 'GitHub App user tokens expire (8 hours, with a refresh token) only when the app opts in to expiring tokens; otherwise no refresh token is issued and the token is used until an API answers 401.',
};
