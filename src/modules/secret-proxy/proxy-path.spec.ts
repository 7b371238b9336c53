import { buildTargetUrl, parseProxyPath } from './proxy-path';
import { BadProxyPathError } from './secret-proxy.errors';

describe('parseProxyPath', () => {
  it.each([
    ['/chat.postMessage', '/chat.postMessage', ''],
    ['/v1/users/42?expand=teams&x=%2F', '/v1/users/42', 'expand=teams&x=%2F'],
    ['', '', ''],
    ['?a=1', '', 'a=1'],
    ['/', '/', ''],
    ['/files/a%20b.txt', '/files/a%20b.txt', ''],
    ['/v1/projects/p:run', '/v1/projects/p:run', ''],
    ['/a..b/..c/d..', '/a..b/..c/d..', ''],
    ['/matrix;a=1/x..;y', '/matrix;a=1/x..;y', ''],
    ['/files/100%25', '/files/100%25', ''],
  ])('accepts the plain relative path %s', (rest, path, query) => {
    expect(parseProxyPath(rest)).toEqual({ path, query });
  });

  it.each([
    ['a host after a double slash', '//evil.example/x'],
    ['an encoded double slash', '/%2Fevil.example/x'],
    ['a backslash', '/\\evil.example'],
    ['an encoded backslash', '/%5Cevil.example'],
    ['a parent segment', '/v1/../../admin'],
    ['a trailing parent segment', '/v1/..'],
    ['an encoded parent segment', '/v1/%2e%2e/%2E%2E/admin'],
    ['a parent segment behind an encoded slash', '/v1/..%2f..%2fadmin'],
    ['a double-encoded parent segment', '/v1/%252e%252e/admin'],
    ['a dot segment', '/./admin'],
    ['a parent segment with a path parameter', '/v1/..;/admin'],
    ['a parent segment with a named path parameter', '/v1/..;jsessionid=x/admin'],
    ['an encoded parent segment with a path parameter', '/v1/%2e%2e%3b/admin'],
    ['a dot segment with a path parameter', '/.;x/admin'],
    ['an absolute URL', '/https://evil.example/x'],
    ['an encoded absolute URL', '/http%3A%2F%2Fevil.example'],
    ['CR/LF', '/x%0d%0aHost:%20evil'],
    ['a raw LF', '/x\nHost: evil'],
    ['a NUL byte', '/x%00'],
    ['a malformed escape', '/x%zz'],
    ['a fragment', '/x#frag'],
    ['no leading slash', 'x'],
  ])('refuses %s with BAD_PATH', (_label, rest) => {
    expect(() => parseProxyPath(rest)).toThrow(BadProxyPathError);
  });
});

describe('buildTargetUrl', () => {
  it('appends the path and query to the base path', () => {
    expect(buildTargetUrl('https://slack.com/api', '/chat.postMessage', 'a=1').toString()).toBe(
      'https://slack.com/api/chat.postMessage?a=1',
    );
    expect(buildTargetUrl('https://api.example.com/v2/', '/users', '').toString()).toBe(
      'https://api.example.com/v2/users',
    );
    expect(buildTargetUrl('http://127.0.0.1:8080', '/', '').toString()).toBe('http://127.0.0.1:8080/');
  });

  it('answers the base exactly for an empty path (`/proxy/:provider` alone)', () => {
    expect(buildTargetUrl('https://mcp.example.com/mcp', '', '').toString()).toBe(
      'https://mcp.example.com/mcp',
    );
    expect(buildTargetUrl('https://mcp.example.com/mcp/', '', 'x=1').toString()).toBe(
      'https://mcp.example.com/mcp/?x=1',
    );
    expect(buildTargetUrl('https://slack.com/api', '/', '').toString()).toBe('https://slack.com/api/');
  });

  it('keeps the base origin for a path that looks like an authority', () => {
    const target = buildTargetUrl('https://api.example.com', '/@evil.example/x', '');
    expect(target.origin).toBe('https://api.example.com');
  });
});
