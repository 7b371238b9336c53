import {
  authorizationServerMetadataUrls,
  isResourceForServer,
  protectedResourceMetadataUrls,
} from './discovery-urls';

const hrefs = (urls: URL[]) => urls.map((url) => url.href);

describe('protectedResourceMetadataUrls', () => {
  it('tries the path-aware document first, then the root one', () => {
    expect(hrefs(protectedResourceMetadataUrls(new URL('https://mcp.example.com/v1/mcp')))).toEqual([
      'https://mcp.example.com/.well-known/oauth-protected-resource/v1/mcp',
      'https://mcp.example.com/.well-known/oauth-protected-resource',
    ]);
    expect(hrefs(protectedResourceMetadataUrls(new URL('https://mcp.example.com/')))).toEqual([
      'https://mcp.example.com/.well-known/oauth-protected-resource',
    ]);
  });
});

describe('authorizationServerMetadataUrls', () => {
  it('tries RFC 8414, then both OpenID forms, for an issuer with a path', () => {
    expect(hrefs(authorizationServerMetadataUrls(new URL('https://auth.example.com/tenant1')))).toEqual([
      'https://auth.example.com/.well-known/oauth-authorization-server/tenant1',
      'https://auth.example.com/.well-known/openid-configuration/tenant1',
      'https://auth.example.com/tenant1/.well-known/openid-configuration',
    ]);
  });

  it('tries the two root documents for an issuer without a path', () => {
    expect(hrefs(authorizationServerMetadataUrls(new URL('https://auth.example.com')))).toEqual([
      'https://auth.example.com/.well-known/oauth-authorization-server',
      'https://auth.example.com/.well-known/openid-configuration',
    ]);
  });
});

describe('isResourceForServer', () => {
  const server = new URL('https://mcp.example.com/v1/mcp');

  it('accepts the server URL itself and a same-origin parent path', () => {
    for (const resource of [
      'https://mcp.example.com/v1/mcp',
      'https://mcp.example.com/v1/mcp/',
      'https://mcp.example.com/v1',
      'https://mcp.example.com',
      'https://mcp.example.com/',
    ]) {
      expect(isResourceForServer(resource, server)).toBe(true);
    }
  });

  it('refuses another origin, a sibling or deeper path, a query, and a non-URL', () => {
    for (const resource of [
      'https://other.example.com/v1/mcp',
      'http://mcp.example.com/v1/mcp',
      'https://mcp.example.com:8443/v1/mcp',
      'https://mcp.example.com/v1/mcp2',
      'https://mcp.example.com/v1/mc',
      'https://mcp.example.com/v1/mcp/tools',
      'https://mcp.example.com/v1/mcp?tenant=2',
      'not a url',
    ]) {
      expect(isResourceForServer(resource, server)).toBe(false);
    }
  });
});
