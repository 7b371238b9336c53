import { ProviderTemplate } from './provider-template';

/** Zoom authenticates the token call with HTTP Basic and rotates refresh tokens. */
export const ZOOM: ProviderTemplate = {
  template: 'zoom',
  name: 'Zoom',
  authorizeUrl: 'https://zoom.us/oauth/authorize',
  tokenUrl: 'https://zoom.us/oauth/token',
  apiBaseUrl: 'https://api.zoom.us/v2',
  tokenAuthMethod: 'client_secret_basic',
  usePkce: true,
  errorStyle: 'standard',
  defaultScopes: [],
  docsUrl: 'https://developers.zoom.us/docs/integrations/oauth/',
  domains: ['zoom.us'],
  quirks: { rotatesRefreshTokens: true },
  note: 'Scopes are chosen in the Zoom app, not on the authorization URL.',
};
