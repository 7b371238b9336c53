import { RequestInvalidError } from '../../shared/errors';

/**
 * Per-connection URL parameters (`{shop}` in `https://{shop}.myshopify.com/…`). A value is one DNS
 * label's worth of letters, digits and hyphens, so filling it in can change which subdomain of the
 * template's host is called, never the host itself: no `/`, `@`, `:`, `.`, `%` or anything else that
 * could add a path, credentials, a port or another domain.
 */
export const PARAM_VALUE = /^[A-Za-z0-9-]{1,63}$/;
const PARAM_NAME = /\{([a-z][A-Za-z0-9_]{0,31})\}/g;

export type UrlParams = Record<string, string>;

/** The parameter names the given URLs contain, sorted and without repeats. */
export function urlParamNames(...urls: Array<string | null | undefined>): string[] {
  const names = new Set<string>();
  for (const url of urls) for (const match of (url ?? '').matchAll(PARAM_NAME)) names.add(match[1]);
  return [...names].sort();
}

/**
 * Checks a connection's params against what its provider's URLs need: every name present, no
 * unknown name, every value a valid label. Throws 400 REQUEST.INVALID naming the field.
 */
export function checkConnectionParams(
  urls: Array<string | null | undefined>,
  given: UrlParams | undefined,
): UrlParams {
  const needed = urlParamNames(...urls);
  const params = given ?? {};
  for (const name of Object.keys(params)) {
    if (!needed.includes(name)) {
      throw new RequestInvalidError(
        needed.length === 0
          ? `params.${name} is not used by this provider (it takes no params)`
          : `params.${name} is not one of this provider's params (${needed.join(', ')})`,
      );
    }
  }
  for (const name of needed) {
    const value = params[name];
    if (value === undefined) throw new RequestInvalidError(`params.${name} is required by this provider`);
    if (typeof value !== 'string' || !PARAM_VALUE.test(value)) {
      throw new RequestInvalidError(`params.${name} must match [A-Za-z0-9-]{1,63}`);
    }
  }
  return Object.fromEntries(needed.map((name) => [name, params[name]]));
}

/**
 * The URL with its `{name}` parameters filled in. Each value is checked again here (whatever the
 * caller checked), and the result must keep the template's scheme, host shape and port: a filled
 * URL can only ever be the template's own host with its placeholder labels replaced.
 */
export function fillUrlParams(template: string, params: UrlParams): string {
  const filled = template.replace(PARAM_NAME, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined || !PARAM_VALUE.test(value)) {
      throw new RequestInvalidError(`params.${name} is required by this provider`);
    }
    return value;
  });
  if (filled === template) return template;
  const expectedHost = authorityOf(template).replace(PARAM_NAME, (_whole, name: string) => params[name]);
  const url = new URL(filled);
  if (url.username || url.password || url.host !== expectedHost.toLowerCase()) {
    throw new RequestInvalidError('params must not change the provider host');
  }
  return filled;
}

/** Like fillUrlParams, but null when the params do not fill the URL (an old or imported connection). */
export function tryFillUrlParams(template: string | null, params: UrlParams | null): string | null {
  if (template === null) return null;
  try {
    return fillUrlParams(template, params ?? {});
  } catch {
    return null;
  }
}

/**
 * A per-connection API base named by the token answer (Salesforce's `instance_url`). Accepted only
 * on the template's own domains over https, or on the host that issued the token (a provider whose
 * URLs were overridden, e.g. a sandbox); anything else is refused, so a token endpoint can never
 * send a connection's token to a host of its choosing. Returns the origin, or null when refused.
 */
export function acceptInstanceUrl(
  raw: unknown,
  trusted: { domains: readonly string[]; tokenUrl: string },
): string | null {
  if (typeof raw !== 'string' || raw.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  const tokenUrl = new URL(trusted.tokenUrl);
  const host = url.hostname.toLowerCase();
  const onTemplateDomain =
    url.protocol === 'https:' &&
    trusted.domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
  const onTokenHost = url.protocol === tokenUrl.protocol && host === tokenUrl.hostname.toLowerCase();
  return onTemplateDomain || onTokenHost ? url.origin : null;
}

/**
 * Where the secret proxy sends a connection's calls: its own API base when the token answer named
 * one, else the provider's with the connection's params filled in; null when there is none.
 */
export function connectionApiBaseUrl(
  provider: { apiBaseUrl: string | null },
  connection: { apiBaseUrl: string | null; params: UrlParams | null },
): string | null {
  return connection.apiBaseUrl ?? tryFillUrlParams(provider.apiBaseUrl, connection.params);
}

/**
 * A refresh endpoint given relative to the token URL (`refresh` next to `…/oauth/token`). Only a
 * plain relative path is accepted, so it stays on the token URL's origin.
 */
export function refreshUrlOf(tokenUrl: string, refreshPath: string): string {
  if (!/^[A-Za-z0-9._~-][A-Za-z0-9._~/-]*$/.test(refreshPath) || refreshPath.includes('..')) {
    throw new Error(`refreshPath must be a plain relative path: ${refreshPath}`);
  }
  const url = new URL(refreshPath, tokenUrl);
  if (url.origin !== new URL(tokenUrl).origin) throw new Error('refreshPath must stay on the token origin');
  return url.href;
}

function authorityOf(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)?.[1] ?? '';
}
