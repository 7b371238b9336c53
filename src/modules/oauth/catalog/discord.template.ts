import { ProviderTemplate } from './provider-template';

/** Discord: standard authorization code flow. */
export const DISCORD: ProviderTemplate = {
  template: 'discord',
  name: 'Discord',
  authorizeUrl: 'https://discord.com/oauth2/authorize',
  tokenUrl: 'https://discord.com/api/oauth2/token',
  apiBaseUrl: 'https://discord.com/api',
  tokenAuthMethod: 'client_secret_post',
  usePkce: false,
  errorStyle: 'standard',
  defaultScopes: ['identify'],
  docsUrl: 'https://discord.com/developers/docs/topics/oauth2',
  domains: ['discord.com'],
  quirks: {},
};
