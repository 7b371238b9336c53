import { ProviderTemplate } from './provider-template';

/** Salesforce answers every token call with the org's own `instance_url`, which is where that connection's API calls go. */
export const SALESFORCE: ProviderTemplate = {
  template: 'salesforce',
  name: 'Salesforce',
  authorizeUrl: 'https://login.salesforce.com/services/oauth2/authorize',
  tokenUrl: 'https://login.salesforce.com/services/oauth2/token',
  apiBaseUrl: null,
  tokenAuthMethod: 'client_secret_post',
  usePkce: true,
  errorStyle: 'standard',
  defaultScopes: ['api', 'refresh_token'],
  docsUrl: 'https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm',
  domains: ['salesforce.com'],
  quirks: { apiBaseUrlFromTokenField: 'instance_url' },
  note: "Access tokens carry no expiry (the org's session policy decides); plugboard refreshes when the API answers 401.",
};
