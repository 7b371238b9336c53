/**
 * Where an MCP client looks for metadata (MCP authorization spec, RFC 9728, RFC 8414, OpenID
 * Connect Discovery), in the order it must try them.
 */

/** RFC 9728 §3.1: the well-known segment goes between the host and the resource's path; then the root. */
export function protectedResourceMetadataUrls(serverUrl: URL): URL[] {
  const path = trimTrailingSlash(serverUrl.pathname);
  const urls = [new URL(`/.well-known/oauth-protected-resource${path}`, serverUrl.origin)];
  if (path !== '') urls.push(new URL('/.well-known/oauth-protected-resource', serverUrl.origin));
  return urls;
}

/**
 * RFC 8414 §3.1 and OpenID Connect Discovery for an issuer: with a path, the OAuth and OpenID
 * well-known segments inserted before it, then OpenID's appended after it; without one, the two
 * root documents.
 */
export function authorizationServerMetadataUrls(issuer: URL): URL[] {
  const path = trimTrailingSlash(issuer.pathname);
  if (path === '') {
    return [
      new URL('/.well-known/oauth-authorization-server', issuer.origin),
      new URL('/.well-known/openid-configuration', issuer.origin),
    ];
  }
  return [
    new URL(`/.well-known/oauth-authorization-server${path}`, issuer.origin),
    new URL(`/.well-known/openid-configuration${path}`, issuer.origin),
    new URL(`${path}/.well-known/openid-configuration`, issuer.origin),
  ];
}

/**
 * Whether protected resource metadata may speak for this MCP server: its `resource` is the server's
 * URL itself, or the same origin with a path that contains the server's (an origin-wide resource).
 * Anything else would have plugboard ask for, and send, tokens meant for another resource.
 */
export function isResourceForServer(resource: string, serverUrl: URL): boolean {
  let parsed: URL;
  try {
    parsed = new URL(resource);
  } catch {
    return false;
  }
  if (parsed.origin !== serverUrl.origin || parsed.search || parsed.hash) return false;
  const resourcePath = trimTrailingSlash(parsed.pathname);
  const serverPath = trimTrailingSlash(serverUrl.pathname);
  return serverPath === resourcePath || serverPath.startsWith(`${resourcePath}/`);
}

function trimTrailingSlash(path: string): string {
  return path.replace(/\/+$/, '');
}
