import { ProviderTemplate } from './provider-template';

/** Shopify: every URL is the shop's own ({shop}.myshopify.com), scopes are comma-separated. */
export const SHOPIFY: ProviderTemplate = {
  template: 'shopify',
  name: 'Shopify',
  authorizeUrl: 'https://{shop}.myshopify.com/admin/oauth/authorize',
  tokenUrl: 'https://{shop}.myshopify.com/admin/oauth/access_token',
  apiBaseUrl: 'https://{shop}.myshopify.com/admin/api',
  tokenAuthMethod: 'client_secret_post',
  usePkce: false,
  errorStyle: 'standard',
  defaultScopes: ['read_products'],
  docsUrl:
    'https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant',
  domains: ['myshopify.com'],
  quirks: { scopeSeparator: ',' },
  note: "Every URL is the shop's own: the connection names it with `params:{shop}`. Workers send the placeholder in `X-Shopify-Access-Token`.",
};
