import {
  ApprovalSettings,
  CompiledPolicy,
  normaliseMethods,
  pathPatternProblem,
  toRequestPath,
} from './placeholder-policy';

const allowOnly = (...rules: Array<[string[], string]>) =>
  new CompiledPolicy({ allow: rules.map(([methods, path]) => ({ methods, path })), approval: null });

const approval = (overrides: Partial<ApprovalSettings> = {}): ApprovalSettings => ({
  integrationId: 'i',
  connectionId: 'c',
  channel: 'C1',
  approverUserId: 'U1',
  methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  paths: null,
  timeoutSeconds: 120,
  ...overrides,
});

describe('CompiledPolicy.allows', () => {
  const policy = allowOnly(
    [['GET', 'POST'], '/conversations.history'],
    [['post'], '/chat.postMessage'],
    [['GET'], '/users/*/profile'],
    [['GET'], '/files/**'],
    [['DELETE'], '/a/**/z'],
  );
  const allows = (method: string, path: string) => policy.allows(method, toRequestPath(path));

  it.each([
    ['GET', '/conversations.history'],
    ['POST', '/conversations.history'],
    ['POST', '/chat.postMessage'],
    ['post', '/chat.postMessage'],
    ['GET', '/users/U1/profile'],
    ['GET', '/files'],
    ['GET', '/files/a'],
    ['GET', '/files/a/b/c'],
    ['GET', '/files/a%2Fb'],
    ['DELETE', '/a/z'],
    ['DELETE', '/a/b/c/z'],
    ['POST', '/chat%2EpostMessage'],
  ])('allows %s %s', (method, path) => expect(allows(method, path)).toBe(true));

  it.each([
    ['PUT', '/chat.postMessage', 'method not listed'],
    ['GET', '/chat.postMessage', 'method of another rule'],
    ['POST', '/chat.postMessage/', 'trailing slash'],
    ['POST', '/chat.postmessage', 'case of the path'],
    ['POST', '/chat.postMessage;x', 'path parameter'],
    ['POST', '/chat.postMessage/extra', 'extra segment'],
    ['POST', '/chat.postMessage%2Fextra', 'encoded slash in a literal'],
    ['GET', '/users/U1/U2/profile', '* is one segment'],
    ['GET', '/users//profile', '* is not an empty segment'],
    ['GET', '/users/a%2Fb/profile', '* never spans an encoded slash'],
    ['GET', '/users/a%252Fb/profile', '* never spans a double-encoded slash'],
    ['GET', '/filesx', 'prefix of a segment'],
    ['DELETE', '/a/b/c', '** then a literal'],
    ['GET', '', 'the API base itself'],
    ['GET', '/', 'the root'],
  ])('refuses %s %s (%s)', (method, path) => expect(allows(method, path)).toBe(false));

  it('allows everything when the policy has no allow list', () => {
    const open = new CompiledPolicy({ allow: null, approval: null });
    expect(open.isOpen).toBe(true);
    expect(open.allows('DELETE', toRequestPath('/anything'))).toBe(true);
  });

  it('refuses everything with an empty allow list', () => {
    expect(allowOnly().allows('GET', toRequestPath('/a'))).toBe(false);
  });

  it('matches the root pattern only at the root', () => {
    const root = allowOnly([['GET'], '/']);
    expect(root.allows('GET', toRequestPath(''))).toBe(true);
    expect(root.allows('GET', toRequestPath('/'))).toBe(true);
    expect(root.allows('GET', toRequestPath('/a'))).toBe(false);
  });
});

describe('CompiledPolicy.needsApproval', () => {
  const needs = (settings: ApprovalSettings, method: string, path: string) =>
    new CompiledPolicy({ allow: null, approval: settings }).needsApproval(method, toRequestPath(path));

  it('holds every write and no read by default', () => {
    expect(needs(approval(), 'POST', '/anything')).toBe(true);
    expect(needs(approval(), 'delete', '/anything')).toBe(true);
    expect(needs(approval(), 'GET', '/anything')).toBe(false);
    expect(needs(approval(), 'HEAD', '/anything')).toBe(false);
  });

  it('holds only the listed paths, matched generously', () => {
    const settings = approval({ paths: ['/chat.postMessage'] });
    for (const path of [
      '/chat.postMessage',
      '/chat.postMessage/',
      '/CHAT.POSTMESSAGE',
      '/chat.postMessage;v=1',
      '/chat%2EpostMessage',
      '//chat.postMessage',
    ])
      expect(needs(settings, 'POST', path)).toBe(true);
    expect(needs(settings, 'POST', '/conversations.history')).toBe(false);
  });

  it('holds GET when the policy lists it', () => {
    expect(needs(approval({ methods: ['GET'] }), 'GET', '/x')).toBe(true);
    expect(needs(approval({ methods: ['GET'] }), 'POST', '/x')).toBe(false);
  });
});

describe('pathPatternProblem', () => {
  it.each(['/', '/chat.postMessage', '/users/*/profile', '/files/**', '/a/**/b/**'])('accepts %s', (p) =>
    expect(pathPatternProblem(p)).toBeNull(),
  );

  it.each([
    'chat.postMessage',
    '/a?b=1',
    '/a#b',
    '/a%2Fb',
    '/a\\b',
    '/a//b',
    '/a/',
    '/a/../b',
    '/./a',
    '/a*',
    '/**x',
    '/a\nb',
    `/${'a'.repeat(600)}`,
    '/**/**/**/**/**',
  ])('refuses %j', (pattern) => expect(pathPatternProblem(pattern)).not.toBeNull());
});

describe('normaliseMethods', () => {
  it('upper-cases and dedupes', () =>
    expect(normaliseMethods(['get', 'GET', 'Post'])).toEqual(['GET', 'POST']));
  it('refuses an unknown method', () => expect(normaliseMethods(['GET', 'TRACE'])).toBeNull());
});
