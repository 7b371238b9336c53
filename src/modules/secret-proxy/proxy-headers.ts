import { IncomingHttpHeaders } from 'node:http';

/** Headers where a placeholder is replaced by the access token; nowhere else (not the body, not the query). */
export const SUBSTITUTED_HEADERS: readonly string[] = [
  'authorization',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
  'private-token',
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
 * occurrence becomes the worker's own placeholder.
 */
export function buildDownstreamHeaders(
  upstream: Record<string, string | string[] | undefined>,
  secret: { accessToken: string; placeholder: string },
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
  return outgoing;
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

function listedInConnection(value: string | string[] | undefined): Set<string> {
  return new Set(
    headerValues(value)
      .flatMap((entry) => entry.split(','))
      .map((entry) => entry.trim().toLowerCase())
      .filter(Boolean),
  );
}
