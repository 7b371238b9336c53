import { ProviderTemplate } from './provider-template';

/** Google issues a refresh token only for offline access, and again on a later consent only when asked to prompt for it. */
export const GOOGLE: ProviderTemplate = {
  template: 'google',
  name: 'Google',
  authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  apiBaseUrl: 'https://www.googleapis.com',
  tokenAuthMethod: 'client_secret_post',
  usePkce: true,
  errorStyle: 'standard',
  defaultScopes: ['openid', 'email', 'profile'],
  docsUrl: 'https://developers.google.com/identity/protocols/oauth2/web-server',
  domains: ['google.com', 'googleapis.com'],
  quirks: { authorizeParams: { access_type: 'offline', prompt: 'consent' } },
};
