import { IncomingHttpHeaders } from 'node:http';

/** Headers where a placeholder is replaced by the access token; nowhere else (not the body, not the query). */
export const SUBSTITUTED_HEADERS: readonly string[] = [
  'authorization',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
  'private-token',
  // Shopify's Admin API reads its token from here
  'x-shopify-access-token',
];

const PLACEHOLDER = /pb_secret_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/gi;

/** RFC 9110 §7.6.1 hop-by-hop headers plus those that name this hop, never the upstream. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Never forwarded upstream: this hop's credentials, the worker's cookies and network identity. */
const NOT_FORWARDED = new Set(['host', 'cookie', 'forwarded', 'x-real-ip', 'expect', 'content-type']);

/** Never returned to the worker: an upstream session cookie is a credential the worker must not hold. */
const NOT_RETURNED = new Set(['set-cookie', 'set-cookie2']);

/** The placeholder ids (uuids, lower case) found in the substituted headers. */
export function findPlaceholderIds(headers: IncomingHttpHeaders): string[] {
  const ids = new Set<string>();
  for (const name of SUBSTITUTED_HEADERS) {
    for (const value of headerValues(headers[name])) {
      if (!/pb_secret_/i.test(value)) continue;
      for (const match of value.matchAll(PLACEHOLDER)) ids.add(match[1].toLowerCase());
    }
  }
  return [...ids];
}

/**
 * The headers sent upstream: hop-by-hop, Connection-listed, Proxy-Authorization, Cookie, Host and
 * X-Forwarded-* dropped; placeholders in the substituted headers replaced by the access token.
 * `contentType` is the worker's original Content-Type (the proxy route rewrites it to keep the body
 * a stream).
 */
export function buildUpstreamHeaders(
  incoming: IncomingHttpHeaders,
  accessToken: string,
  options: { contentType?: string; dropAcceptEncoding?: boolean } = {},
): Record<string, string | string[]> {
  const connectionListed = listedInConnection(incoming.connection);
  const outgoing: Record<string, string | string[]> = {};
  for (const [rawName, value] of Object.entries(incoming)) {
    const name = rawName.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(name) || NOT_FORWARDED.has(name)) continue;
    if (name.startsWith('x-forwarded-') || connectionListed.has(name)) continue;
    if (options.dropAcceptEncoding && name === 'accept-encoding') continue;
    outgoing[name] = SUBSTITUTED_HEADERS.includes(name) ? substitute(value, accessToken) : value;
  }
  if (options.contentType) outgoing['content-type'] = options.contentType;
  return outgoing;
}

/**
 * The upstream's response headers as returned to the worker. An upstream that echoes the access
 * token in a header (some debug or introspection answers do) must not hand it to the sandbox: every
 * occurrence becomes the worker's own placeholder. With the call's `links`, URLs into the API base
 * are pointed at the proxy (rewriteUpstreamLinks).
 */
export function buildDownstreamHeaders(
  upstream: Record<string, string | string[] | undefined>,
  secret: { accessToken: string; placeholder: string },
  links?: ProxyLinks,
): Record<string, string | string[]> {
  const connectionListed = listedInConnection(upstream.connection);
  const outgoing: Record<string, string | string[]> = {};
  for (const [rawName, value] of Object.entries(upstream)) {
    const name = rawName.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(name) || NOT_RETURNED.has(name)) continue;
    if (connectionListed.has(name)) continue;
    // plugboard's own x-request-id stays on the answer (it is in the log line); the provider's moves over
    outgoing[name === 'x-request-id' ? 'x-upstream-request-id' : name] = hideSecret(value, secret);
  }
  // most answers carry none of the three headers: nothing to copy or parse then
  const hasLinks =
    outgoing.location !== undefined ||
    outgoing['content-location'] !== undefined ||
    outgoing.link !== undefined;
  return links && hasLinks ? rewriteUpstreamLinks(outgoing, links) : outgoing;
}

/** Where a proxied call went and where the worker reaches the same API through the proxy. */
export interface ProxyLinks {
  /** The upstream URL of this call: relative references in the answer resolve against it. */
  requestUrl: string;
  /** The connection's API base; only URLs under it are rewritten. */
  apiBaseUrl: string;
  /** `$PUBLIC_URL/proxy/<provider>`: the same place through the proxy. */
  proxyBaseUrl: string;
}

const LINK_HEADERS = ['location', 'content-location'] as const;

/**
 * `Location`, `Content-Location` and every `<…>` target of `Link` that lies under the API base are
 * rewritten to the same path under the proxy, so a provider SDK that follows a redirect or paginates
 * (GitHub's `Link: <…?page=2>; rel="next"`) stays on the proxy instead of calling the provider
 * directly with a placeholder. URLs elsewhere are left exactly as they were.
 */
export function rewriteUpstreamLinks(
  headers: Record<string, string | string[]>,
  links: ProxyLinks,
): Record<string, string | string[]> {
  const rewritten = { ...headers };
  const rewrite = (reference: string): string => proxiedUrl(reference.trim(), links) ?? reference;
  for (const name of LINK_HEADERS) {
    const value = rewritten[name];
    if (value !== undefined) rewritten[name] = mapValues(value, rewrite);
  }
  const link = rewritten.link;
  if (link !== undefined) {
    rewritten.link = mapValues(link, (one) =>
      one.replace(/<([^>]*)>/g, (_all, target: string) => `<${rewrite(target)}>`),
    );
  }
  return rewritten;
}

/** The proxy URL for a reference under the API base, or null when it lies elsewhere. */
function proxiedUrl(reference: string, links: ProxyLinks): string | null {
  let target: URL;
  let base: URL;
  try {
    target = new URL(reference, links.requestUrl);
    base = new URL(links.apiBaseUrl);
  } catch {
    return null;
  }
  if (target.origin !== base.origin || target.username || target.password) return null;
  const basePath = base.pathname.replace(/\/+$/, '');
  const rest =
    target.pathname === basePath
      ? ''
      : target.pathname.startsWith(`${basePath}/`)
        ? target.pathname.slice(basePath.length)
        : null;
  if (rest === null) return null;
  return `${links.proxyBaseUrl.replace(/\/+$/, '')}${rest}${target.search}${target.hash}`;
}

function mapValues(value: string | string[], map: (one: string) => string): string | string[] {
  return Array.isArray(value) ? value.map(map) : map(value);
}

function hideSecret(
  value: string | string[],
  { accessToken, placeholder }: { accessToken: string; placeholder: string },
): string | string[] {
  // a token too short to be a secret would match innocent text; tokens are never that short
  if (accessToken.length < 8) return value;
  const hide = (text: string): string =>
    text.includes(accessToken) ? text.split(accessToken).join(placeholder) : text;
  return Array.isArray(value) ? value.map(hide) : hide(value);
}

function substitute(value: string | string[], accessToken: string): string | string[] {
  const replace = (text: string): string => text.replace(PLACEHOLDER, () => accessToken);
  return Array.isArray(value) ? value.map(replace) : replace(value);
}

function headerValues(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const NONE_LISTED: ReadonlySet<string> = new Set();

function listedInConnection(value: string | string[] | undefined): ReadonlySet<string> {
  // the usual values name no other header
  if (value === undefined || value === 'keep-alive' || value === 'close') return NONE_LISTED;
  return new Set(
    headerValues(value)
      .flatMap((entry) => entry.split(','))
      .map((entry) => entry.trim().toLowerCase())
      .filter(Boolean),
  );
}
