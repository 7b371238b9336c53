import { ProviderTemplate } from './provider-template';

/** Zendesk: every URL is the account's own ({subdomain}.zendesk.com). */
export const ZENDESK: ProviderTemplate = {
  template: 'zendesk',
  name: 'Zendesk',
  authorizeUrl: 'https://{subdomain}.zendesk.com/oauth/authorizations/new',
  tokenUrl: 'https://{subdomain}.zendesk.com/oauth/tokens',
  apiBaseUrl: 'https://{subdomain}.zendesk.com/api/v2',
  tokenAuthMethod: 'client_secret_post',
  usePkce: false,
  errorStyle: 'standard',
  defaultScopes: ['read'],
  docsUrl:
    'https://developer.zendesk.com/documentation/ticketing/working-with-oauth/creating-and-using-oauth-tokens-with-the-api/',
  domains: ['zendesk.com'],
  quirks: {},
  note: "Every URL is the account's own: the connection names it with `params:{subdomain}`.",
};
