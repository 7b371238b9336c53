import { ProviderTemplate } from './provider-template';

/** Intercom: non-expiring tokens, no refresh token. */
export const INTERCOM: ProviderTemplate = {
  template: 'intercom',
  name: 'Intercom',
  authorizeUrl: 'https://app.intercom.com/oauth',
  tokenUrl: 'https://api.intercom.io/auth/eagle/token',
  apiBaseUrl: 'https://api.intercom.io',
  tokenAuthMethod: 'client_secret_post',
  usePkce: false,
  errorStyle: 'standard',
  defaultScopes: [],
  docsUrl:
    'https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/setting-up-oauth',
  domains: ['intercom.com', 'intercom.io'],
  quirks: {},
  note: 'Access tokens do not expire and no refresh token is issued; permissions are chosen in the Intercom app.',
};
