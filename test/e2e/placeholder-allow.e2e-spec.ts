import { randomUUID } from 'node:crypto';
import { AuditRecorder } from '../../src/modules/audit';
import { startApp, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { EchoUpstream } from '../support/echo-upstream';
import { FakeTokenEndpoint, startFakeTokenEndpoint } from '../support/fake-token-endpoint';
import { createGuardedWorker, createPlaceholder, GuardedWorker, proxyCall } from '../support/guarded';
import { http } from '../support/http';

const ALLOW = [
  { methods: ['GET', 'POST'], path: '/conversations.history' },
  { methods: ['post'], path: '/chat.postMessage' },
  { methods: ['GET'], path: '/users/*/profile' },
  { methods: ['GET'], path: '/files/**' },
];

describe("placeholders' allow rules through the proxy", () => {
  let t: TestApp;
  let upstream: EchoUpstream;
  let tokenEndpoint: FakeTokenEndpoint;
  let worker: GuardedWorker;
  let placeholder: string;

  beforeAll(async () => {
    upstream = await EchoUpstream.start();
    tokenEndpoint = await startFakeTokenEndpoint();
    t = await startApp({ LOG_LEVEL: 'info' });
    worker = await createGuardedWorker(t.baseUrl, { apiBaseUrl: upstream.url, tokenUrl: tokenEndpoint.url });
    const created = await createPlaceholder(t.baseUrl, worker, { allow: ALLOW });
    expect(created.status).toBe(201);
    placeholder = created.body.placeholder;
  });
  afterAll(async () => {
    await t.close();
    await upstream.close();
    await tokenEndpoint.close();
    await closeSql();
  });
  beforeEach(() => upstream.reset());

  it.each([
    ['GET', '/conversations.history?channel=C1'],
    ['POST', '/conversations.history'],
    ['POST', '/chat.postMessage'],
    ['post', '/chat.postMessage'],
    ['GET', '/users/U1/profile'],
    ['GET', '/files'],
    ['GET', '/files/a/b/c.txt'],
    ['GET', '/files/a%2Fb'],
  ])('forwards %s %s, which a rule allows', async (method, path) => {
    const answer = await proxyCall(t.baseUrl, worker, placeholder, {
      method,
      path,
      body: method === 'GET' ? undefined : '{}',
    });
    expect(answer.status).toBe(200);
    expect(upstream.count).toBe(1);
    expect(upstream.last().url).toBe(path);
  });

  it.each([
    ['PUT', '/chat.postMessage', 'a method no rule lists'],
    ['GET', '/chat.postMessage', "a method of another rule's path"],
    ['POST', '/chat.postMessage/', 'a trailing slash'],
    ['POST', '/chat.postMessage/extra', 'an extra segment'],
    ['POST', '/chat.postMessage%2Fextra', 'an encoded slash after a literal'],
    ['POST', '/CHAT.POSTMESSAGE', 'another case'],
    ['GET', '/users/U1/U2/profile', 'two segments where * is one'],
    ['GET', '/users/a%2Fb/profile', 'an encoded slash where * is one segment'],
    ['GET', '/users/a%252Fb/profile', 'a double-encoded slash where * is one segment'],
    ['GET', '/filesystem', 'a longer first segment'],
    ['DELETE', '/files/a', 'a method the ** rule does not list'],
    ['GET', '', 'the API base itself'],
  ])('refuses %s %s (%s) with 403 NOT_ALLOWED and sends nothing', async (method, path) => {
    const answer = await proxyCall(t.baseUrl, worker, placeholder, { method, path });
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('SECRET_PROXY.NOT_ALLOWED');
    expect(upstream.count).toBe(0);
  });

  it.each(['/files/../admin', '/files/%2e%2e/admin', '/files/a%2F..%2F..%2Fadmin'])(
    'refuses %s, which climbs out of an allowed prefix, before the policy (400 BAD_PATH) and sends nothing',
    async (path) => {
      const answer = await proxyCall(t.baseUrl, worker, placeholder, { path });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('SECRET_PROXY.BAD_PATH');
      expect(upstream.count).toBe(0);
    },
  );

  it('records each refusal in the audit with its code, the path without its query', async () => {
    const started = new Date();
    const answer = await proxyCall(t.baseUrl, worker, placeholder, {
      method: 'PUT',
      path: '/chat.postMessage?channel=C_SECRET',
    });
    expect(answer.status).toBe(403);
    await t.app.get(AuditRecorder).flush();
    const entries = await sql(
      `SELECT method, path, status, code, connection_id FROM audit_entries
        WHERE organization_id = $1 AND action = 'proxy.request' AND at >= $2 AND method = 'PUT'`,
      [worker.org.id, started],
    );
    expect(entries).toEqual([
      {
        method: 'PUT',
        path: '/proxy/' + worker.providerKey + '/chat.postMessage',
        status: 403,
        code: 'SECRET_PROXY.NOT_ALLOWED',
        connection_id: worker.connectionId,
      },
    ]);
  });

  it('refuses from memory too: the second, warm refusal sends nothing either', async () => {
    for (let i = 0; i < 3; i++) {
      expect(
        (await proxyCall(t.baseUrl, worker, placeholder, { method: 'DELETE', path: '/files/x' })).status,
      ).toBe(403);
      expect((await proxyCall(t.baseUrl, worker, placeholder, { path: '/files/x' })).status).toBe(200);
    }
    expect(upstream.count).toBe(3);
  });

  it('allows nothing with an empty allow list', async () => {
    const created = await createPlaceholder(t.baseUrl, worker, { allow: [] });
    expect(created.status).toBe(201);
    const answer = await proxyCall(t.baseUrl, worker, created.body.placeholder, { path: '/anything' });
    expect(answer.status).toBe(403);
    expect(upstream.count).toBe(0);
  });

  describe('POST and GET …/placeholders', () => {
    it('answers allow and approval null for a placeholder without a policy', async () => {
      const created = await createPlaceholder(t.baseUrl, worker, {});
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ allow: null, approval: null, agentId: worker.agentId });
    });

    it('answers and lists the rules with methods upper-cased, never the placeholder itself', async () => {
      const created = await createPlaceholder(t.baseUrl, worker, {
        allow: [{ methods: ['get', 'Post'], path: '/a/*' }],
      });
      expect(created.status).toBe(201);
      expect(created.body.allow).toEqual([{ methods: ['GET', 'POST'], path: '/a/*' }]);
      const listed = await http(
        t.baseUrl,
        'GET',
        `/v1/orgs/${worker.org.id}/agents/${worker.agentId}/placeholders?limit=500`,
        { key: worker.org.key },
      );
      expect(listed.status).toBe(200);
      const item = listed.body.items.find(
        (entry: { createdAt: string }) => entry.createdAt === created.body.createdAt,
      );
      expect(item).toEqual({
        hint: `…${created.body.id.slice(-4)}`,
        agentId: worker.agentId,
        connectionId: worker.connectionId,
        expiresAt: created.body.expiresAt,
        createdAt: created.body.createdAt,
        allow: [{ methods: ['GET', 'POST'], path: '/a/*' }],
        approval: null,
      });
      // the id is the placeholder's secret part: not in the list, not in its cursors
      expect(listed.text).not.toContain(created.body.id);
    });

    it('pages the list with cursors that carry no placeholder id', async () => {
      const own = await createGuardedWorker(t.baseUrl, {
        apiBaseUrl: upstream.url,
        tokenUrl: tokenEndpoint.url,
      });
      const ids: string[] = [];
      for (let n = 0; n < 3; n++) ids.push((await createPlaceholder(t.baseUrl, own, { allow: [] })).body.id);
      const base = `/v1/orgs/${own.org.id}/agents/${own.agentId}/placeholders?limit=2`;
      const first = await http(t.baseUrl, 'GET', base, { key: own.org.key });
      expect(first.body.items).toHaveLength(2);
      const cursor = Buffer.from(first.body.nextCursor, 'base64url').toString('utf8');
      for (const id of ids) expect(cursor).not.toContain(id);
      const second = await http(t.baseUrl, 'GET', `${base}&cursor=${first.body.nextCursor}`, {
        key: own.org.key,
      });
      expect(second.body).toMatchObject({ nextCursor: null });
      const hints = [...first.body.items, ...second.body.items].map((item: { hint: string }) => item.hint);
      expect(hints.sort()).toEqual(ids.map((id) => `…${id.slice(-4)}`).sort());
    });

    it("answers 404 for another org's agent's placeholders", async () => {
      const other = await createGuardedWorker(t.baseUrl, {
        apiBaseUrl: upstream.url,
        tokenUrl: tokenEndpoint.url,
      });
      const listed = await http(
        t.baseUrl,
        'GET',
        `/v1/orgs/${other.org.id}/agents/${worker.agentId}/placeholders`,
        { key: other.org.key },
      );
      expect(listed.status).toBe(404);
    });

    it.each([
      [{ allow: [{ methods: ['TRACE'], path: '/a' }] }, 'allow[0].methods'],
      [{ allow: [{ methods: [], path: '/a' }] }, 'methods'],
      [{ allow: [{ methods: ['GET'], path: 'a' }] }, 'allow[0].path'],
      [{ allow: [{ methods: ['GET'], path: '/a/../b' }] }, 'allow[0].path'],
      [{ allow: [{ methods: ['GET'], path: '/a?b=1' }] }, 'allow[0].path'],
      [{ allow: [{ methods: ['GET'], path: '/a*' }] }, 'allow[0].path'],
      [{ allow: [{ methods: ['GET'], path: '/a/', extra: true }] }, 'extra'],
      [{ allow: { methods: ['GET'], path: '/a' } }, 'allow'],
    ])('answers 400 REQUEST.INVALID for %j', async (policy, field) => {
      const created = await createPlaceholder(t.baseUrl, worker, policy);
      expect(created.status).toBe(400);
      expect(created.body.error.code).toBe('REQUEST.INVALID');
      expect(created.body.error.message).toContain(field);
    });

    it('creates no placeholder when its policy is refused', async () => {
      const before = await http(
        t.baseUrl,
        'GET',
        `/v1/orgs/${worker.org.id}/agents/${worker.agentId}/placeholders?limit=500`,
        { key: worker.org.key },
      );
      const refused = await createPlaceholder(t.baseUrl, worker, {
        allow: [{ methods: ['GET'], path: `/${randomUUID()}/..` }],
      });
      expect(refused.status).toBe(400);
      const after = await http(
        t.baseUrl,
        'GET',
        `/v1/orgs/${worker.org.id}/agents/${worker.agentId}/placeholders?limit=500`,
        { key: worker.org.key },
      );
      expect(after.body.items).toHaveLength(before.body.items.length);
    });
  });
});
