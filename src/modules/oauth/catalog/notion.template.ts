import { ProviderTemplate } from './provider-template';

/** Notion authenticates the token call with HTTP Basic, takes a JSON body, and wants owner=user on the authorization URL. */
export const NOTION: ProviderTemplate = {
  template: 'notion',
  name: 'Notion',
  authorizeUrl: 'https://api.notion.com/v1/oauth/authorize',
  tokenUrl: 'https://api.notion.com/v1/oauth/token',
  apiBaseUrl: 'https://api.notion.com',
  tokenAuthMethod: 'client_secret_basic',
  usePkce: false,
  errorStyle: 'standard',
  defaultScopes: [],
  docsUrl: 'https://developers.notion.com/docs/authorization',
  domains: ['notion.com'],
  quirks: { authorizeParams: { owner: 'user' }, tokenRequestBody: 'json' },
  note: 'API calls also need a `Notion-Version` header, which the worker (or its SDK) sends.',
};
