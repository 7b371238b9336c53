import { ErrorStyle, TokenAuthMethod } from '../provider.entity';

/**
 * What plugboard does differently for one provider. Each field is read by a code path (named in its
 * comment), so a quirk is behaviour with a test, never a note.
 */
export interface TemplateQuirks {
  /** Joins scopes in the authorize URL and client_credentials calls (token-endpoint.client.ts joinScopes). */
  scopeSeparator?: ' ' | ',';
  /**
   * Added to the authorization URL (authorization.service.ts), e.g. Google issues a refresh token
   * only with access_type=offline and prompt=consent. The standard parameters always win.
   */
  authorizeParams?: Readonly<Record<string, string>>;
  /** The token call's body: RFC 6749 form (default) or JSON (token-endpoint.client.ts). */
  tokenRequestBody?: 'form' | 'json';
  /**
   * Where refresh_token grants go when not the token URL: a path relative to the token URL
   * (token-endpoint.client.ts refreshUrlOf), so it follows an overridden token URL and can never
   * name another host.
   */
  refreshPath?: string;
  /**
   * Every refresh answer carries a new refresh token and spends the old one; presenting a spent one
   * revokes the grant (reuse detection). An answer without a new refresh token therefore leaves
   * nothing to refresh with (connection-tokens.ts), rather than keeping a spent token.
   */
  rotatesRefreshTokens?: boolean;
  /**
   * A field of the token answer that names the connection's own API base (Salesforce's
   * instance_url). Accepted only on the template's domains (provider-urls.ts acceptInstanceUrl).
   */
  apiBaseUrlFromTokenField?: 'instance_url';
  /**
   * The token endpoint answers failures with HTTP 200 and `{error}` (GitHub); classified as a
   * failure with that code in every case (refresh-outcome.ts), listed here for the documentation.
   */
  errorsInSuccessBody?: boolean;
}

/** One catalog entry: everything an org would otherwise type, plus the quirks. */
export interface ProviderTemplate {
  /** The value of `template` on provider create. */
  template: string;
  name: string;
  authorizeUrl: string;
  tokenUrl: string;
  /** Null when every connection brings its own (see quirks.apiBaseUrlFromTokenField). */
  apiBaseUrl: string | null;
  tokenAuthMethod: TokenAuthMethod;
  usePkce: boolean;
  errorStyle: ErrorStyle;
  defaultScopes: readonly string[];
  /** The provider's own documentation of its OAuth flow. */
  docsUrl: string;
  /**
   * The registrable domains this template's URLs live on. Every URL of the template, and every URL
   * a connection derives (filled params, instance_url), must stay on them.
   */
  domains: readonly string[];
  quirks: TemplateQuirks;
  /** One sentence for docs/providers.md about behaviour that needs no quirk of its own. */
  note?: string;
}
