import { parseBearerChallenge } from './www-authenticate';

describe('parseBearerChallenge', () => {
  it('reads resource_metadata and scope from a Bearer challenge', () => {
    expect(
      parseBearerChallenge(
        'Bearer error="invalid_token", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", scope="files:read files:write"',
      ),
    ).toEqual({
      error: 'invalid_token',
      resource_metadata: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
      scope: 'files:read files:write',
    });
  });

  it('reads unquoted values, any letter case of the scheme, and escapes in quoted strings', () => {
    expect(parseBearerChallenge('bearer realm=mcp,resource_metadata="https://a.example/x\\"y"')).toEqual({
      realm: 'mcp',
      resource_metadata: 'https://a.example/x"y',
    });
  });

  it('ignores the parameters of other challenges in the same header', () => {
    expect(
      parseBearerChallenge(
        'DPoP algs="ES256", resource_metadata="https://evil.example/", Bearer resource_metadata="https://good.example/prm"',
      ),
    ).toEqual({ resource_metadata: 'https://good.example/prm' });
    expect(parseBearerChallenge(['Basic realm="x"', 'Bearer scope="a"'])).toEqual({ scope: 'a' });
  });

  it('answers null without a Bearer challenge, and {} for a bare one', () => {
    expect(parseBearerChallenge(undefined)).toBeNull();
    expect(parseBearerChallenge('Basic realm="x"')).toBeNull();
    expect(parseBearerChallenge('Bearer')).toEqual({});
  });
});
