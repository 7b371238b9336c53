import { ProviderTemplate } from './provider-template';

/** Slack answers every failure, token calls included, with HTTP 200 and `{ok:false,error}`; scopes are comma-separated. */
export const SLACK: ProviderTemplate = {
  template: 'slack',
  name: 'Slack',
  authorizeUrl: 'https://slack.com/oauth/v2/authorize',
  tokenUrl: 'https://slack.com/api/oauth.v2.access',
  apiBaseUrl: 'https://slack.com/api',
  tokenAuthMethod: 'client_secret_post',
  usePkce: false,
  errorStyle: 'slack',
  defaultScopes: ['chat:write'],
  docsUrl: 'https://api.slack.com/authentication/oauth-v2',
  domains: ['slack.com'],
  quirks: { scopeSeparator: ',' },
};
