import { BadProxyPathError } from './secret-proxy.errors';

/**
 * The part of a proxied request URL after `/proxy/:provider`, split into the raw path and the raw
 * query. The path must be a plain relative path: it is appended to the provider's apiBaseUrl, so
 * anything that could change the host or climb out of the base path is refused (400 BAD_PATH):
 * a leading `//`, backslashes, `..` segments (also encoded as %2e%2e, hidden behind %2f, or as
 * `..;param`; checked after every decoding round), scheme-prefixed absolute URLs, control characters such as CR/LF.
 */
export function parseProxyPath(rest: string): { path: string; query: string } {
  const hashIndex = rest.indexOf('#');
  if (hashIndex !== -1) throw new BadProxyPathError();
  const queryIndex = rest.indexOf('?');
  const path = queryIndex === -1 ? rest : rest.slice(0, queryIndex);
  const query = queryIndex === -1 ? '' : rest.slice(queryIndex + 1);
  assertPlainRelativePath(path);
  return { path: path === '' ? '/' : path, query };
}

const MAX_DECODING_ROUNDS = 3;

function assertPlainRelativePath(raw: string): void {
  if (raw === '') return;
  let current = raw;
  // Several rounds: an upstream that decodes again must not see a `..` we let through as %252e%252e.
  for (let round = 0; round <= MAX_DECODING_ROUNDS; round++) {
    assertSafeForm(current);
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      // Malformed as sent is refused; after a round, a lone % is literal data (`100%25` → `100%`).
      if (round === 0) throw new BadProxyPathError('The proxied path has a malformed percent-encoding');
      return;
    }
    if (decoded === current) return;
    current = decoded;
  }
  throw new BadProxyPathError('The proxied path is encoded too many times');
}

function assertSafeForm(path: string): void {
  if (!path.startsWith('/')) throw new BadProxyPathError();
  if (path.startsWith('//')) throw new BadProxyPathError('The proxied path must not name a host');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(path)) throw new BadProxyPathError();
  if (/^\/[a-z][a-z0-9+.-]*:\/\//i.test(path))
    throw new BadProxyPathError('The proxied path must not be an absolute URL');
  if (path.split('/').some(isDotSegment))
    throw new BadProxyPathError('The proxied path must not contain dot segments');
}

/**
 * `.` and `..`, also with path parameters: servlet containers (Tomcat, Jetty behind a proxy) strip
 * `;…` from a segment before resolving it, so `/..;/admin` climbs out there.
 */
function isDotSegment(segment: string): boolean {
  const name = segment.split(';')[0];
  return name === '..' || name === '.';
}

/**
 * apiBaseUrl + path (+ query). Checked once more after URL parsing: the target keeps the base's
 * origin and stays under its path, whatever the parser normalised.
 */
export function buildTargetUrl(apiBaseUrl: string, path: string, query: string): URL {
  const { origin, basePath } = parsedBase(apiBaseUrl);
  const target = new URL(`${origin}${basePath}${path}${query ? `?${query}` : ''}`);
  const underBase = target.pathname === basePath || target.pathname.startsWith(`${basePath}/`);
  if (target.origin !== origin || !underBase) throw new BadProxyPathError();
  return target;
}

/** Providers' base URLs are few and every proxied request has one: each is parsed once. */
const parsedBases = new Map<string, { origin: string; basePath: string }>();
const PARSED_BASES_KEPT = 1_000;

function parsedBase(apiBaseUrl: string): { origin: string; basePath: string } {
  let parsed = parsedBases.get(apiBaseUrl);
  if (!parsed) {
    const base = new URL(apiBaseUrl);
    parsed = { origin: base.origin, basePath: base.pathname.replace(/\/+$/, '') };
    if (parsedBases.size >= PARSED_BASES_KEPT) parsedBases.clear();
    parsedBases.set(apiBaseUrl, parsed);
  }
  return parsed;
}
