import { ProviderTemplate } from './provider-template';

/** Figma refreshes on its own endpoint, authenticates with HTTP Basic and separates scopes with commas. */
export const FIGMA: ProviderTemplate = {
  template: 'figma',
  name: 'Figma',
  authorizeUrl: 'https://www.figma.com/oauth',
  tokenUrl: 'https://api.figma.com/v1/oauth/token',
  apiBaseUrl: 'https://api.figma.com',
  tokenAuthMethod: 'client_secret_basic',
  usePkce: false,
  errorStyle: 'standard',
  defaultScopes: ['current_user:read'],
  docsUrl: 'https://developers.figma.com/docs/rest-api/authentication/',
  domains: ['figma.com'],
  quirks: { scopeSeparator: ',', refreshPath: 'refresh' },
};
