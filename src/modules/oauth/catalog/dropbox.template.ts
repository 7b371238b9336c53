import { ProviderTemplate } from './provider-template';

/** Dropbox issues a refresh token only with token_access_type=offline. */
export const DROPBOX: ProviderTemplate = {
  template: 'dropbox',
  name: 'Dropbox',
  authorizeUrl: 'https://www.dropbox.com/oauth2/authorize',
  tokenUrl: 'https://api.dropboxapi.com/oauth2/token',
  apiBaseUrl: 'https://api.dropboxapi.com/2',
  tokenAuthMethod: 'client_secret_post',
  usePkce: true,
  errorStyle: 'standard',
  defaultScopes: [],
  docsUrl: 'https://developers.dropbox.com/oauth-guide',
  domains: ['dropbox.com', 'dropboxapi.com'],
  quirks: { authorizeParams: { token_access_type: 'offline' } },
  note: 'Content endpoints (uploads, downloads) live on content.dropboxapi.com, outside this API base.',
};
