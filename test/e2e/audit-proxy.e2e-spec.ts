import { randomUUID } from 'node:crypto';
import { AuditRecorder } from '../../src/modules/audit';
import { startApp, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { EchoUpstream } from '../support/echo-upstream';
import { FakeTokenEndpoint, startFakeTokenEndpoint } from '../support/fake-token-endpoint';
import { http, HttpResult } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { SeededOrg, seedOrg } from '../support/seed';
import { waitUntil } from '../support/wait-until';

interface StoredEntry {
  action: string;
  actor_type: string;
  actor_id: string | null;
  agent_id: string | null;
  connection_id: string | null;
  method: string | null;
  path: string | null;
  status: number | null;
  code: string | null;
  duration_ms: number | null;
  request_id: string | null;
}

/**
 * Every call of a known worker is one audit entry, written at the proxy route once the answer is
 * complete: forwarded ones with the upstream's status, refused ones with the refusal's code, and a
 * refusal never reaches the upstream. Nothing of the query, the body or a secret is stored.
 */
describe('audit of proxied requests', () => {
  let t: TestApp;
  let upstream: EchoUpstream;
  let tokenEndpoint: FakeTokenEndpoint;

  beforeAll(async () => {
    upstream = await EchoUpstream.start();
    tokenEndpoint = await startFakeTokenEndpoint();
    t = await startApp({ PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600' });
  });
  afterAll(async () => {
    await t.close();
    await upstream.close();
    await tokenEndpoint.close();
    await closeSql();
  });
  beforeEach(() => upstream.reset());

  interface Worker {
    org: SeededOrg;
    agentId: string;
    connectionId: string;
    providerKey: string;
    accessToken: string;
    token: string;
    placeholder: string;
    call(path: string, headers?: Record<string, string>, method?: string): Promise<HttpResult>;
  }

  async function connectWorker(): Promise<Worker> {
    const org = await seedOrg(t.baseUrl);
    const provider = await createProvider(t.baseUrl, org, {
      tokenUrl: tokenEndpoint.url,
      apiBaseUrl: upstream.url,
    });
    const accessToken = `audit-access-${randomUUID()}`;
    const connection = await importConnection(t.baseUrl, org, provider.key, {
      accessToken,
      refreshToken: `audit-refresh-${randomUUID()}`,
      expiresIn: 3600,
    });
    const agent = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/agents`, {
      key: org.key,
      body: { name: 'auditor' },
    });
    const base = `/v1/orgs/${org.id}/agents/${agent.body.id}`;
    const token = await http(t.baseUrl, 'POST', `${base}/worker-tokens`, { key: org.key, body: {} });
    const placeholder = await http(t.baseUrl, 'POST', `${base}/placeholders`, {
      key: org.key,
      body: { connectionId: connection.id },
    });
    const worker: Worker = {
      org,
      agentId: agent.body.id,
      connectionId: connection.id,
      providerKey: provider.key,
      accessToken,
      token: token.body.token,
      placeholder: placeholder.body.placeholder,
      call: (path, headers = {}, method = 'GET') =>
        http(t.baseUrl, method, path, {
          headers: {
            'proxy-authorization': `Bearer ${worker.token}`,
            authorization: `Bearer ${worker.placeholder}`,
            ...headers,
          },
        }),
    };
    return worker;
  }

  async function proxyEntries(orgId: string): Promise<StoredEntry[]> {
    await t.app.get(AuditRecorder).flush();
    return sql<StoredEntry>(
      `SELECT action, actor_type, actor_id, agent_id, connection_id, method, path, status, code,
              duration_ms, request_id
         FROM audit_entries WHERE organization_id = $1 AND action = 'proxy.request'
        ORDER BY at, id`,
      [orgId],
    );
  }

  it('records a forwarded request: agent, connection, method, path without its query, status, duration, request id', async () => {
    const worker = await connectWorker();
    const answer = await worker.call(`/proxy/${worker.providerKey}/items/42?secret=query-value-1234`, {
      'x-request-id': 'audit-forwarded-1',
    });
    expect(answer.status).toBe(200);
    expect(upstream.count).toBe(1);
    const [entry, ...others] = await proxyEntries(worker.org.id);
    expect(others).toEqual([]);
    expect(entry).toEqual({
      action: 'proxy.request',
      actor_type: 'agent',
      actor_id: worker.agentId,
      agent_id: worker.agentId,
      connection_id: worker.connectionId,
      method: 'GET',
      path: `/proxy/${worker.providerKey}/items/42`,
      status: 200,
      code: null,
      duration_ms: expect.any(Number),
      request_id: 'audit-forwarded-1',
    });
    const stored = JSON.stringify(
      await sql(`SELECT * FROM audit_entries WHERE organization_id = $1`, [worker.org.id]),
    );
    for (const secret of ['query-value-1234', worker.accessToken, worker.placeholder, worker.token])
      expect(stored).not.toContain(secret);
  });

  it('records the upstream’s own error status as forwarded, with no code', async () => {
    const worker = await connectWorker();
    upstream.respondWith((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end('{"error":"boom"}');
    });
    expect((await worker.call(`/proxy/${worker.providerKey}/fails`, {}, 'POST')).status).toBe(500);
    expect(await proxyEntries(worker.org.id)).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: `/proxy/${worker.providerKey}/fails`,
        status: 500,
        code: null,
      }),
    ]);
  });

  it.each([
    [
      'no placeholder',
      (w: Worker) => w.call(`/proxy/${w.providerKey}/items`, { authorization: 'Bearer not-a-placeholder' }),
      403,
      'SECRET_PROXY.FORBIDDEN',
    ],
    [
      'an unknown placeholder',
      (w: Worker) =>
        w.call(`/proxy/${w.providerKey}/items`, { authorization: `Bearer pb_secret_${randomUUID()}` }),
      403,
      'SECRET_PROXY.FORBIDDEN',
    ],
    [
      'the placeholder on another provider’s path',
      (w: Worker) => w.call(`/proxy/not-${w.providerKey}/items`),
      403,
      'SECRET_PROXY.FORBIDDEN',
    ],
    [
      'a path escaping the API base',
      (w: Worker) => w.call(`/proxy/${w.providerKey}/v1/..%2F..%2Fadmin`),
      400,
      'SECRET_PROXY.BAD_PATH',
    ],
  ])(
    'records a refusal for %s with its code, and the upstream is not called',
    async (_label, send, status, code) => {
      const worker = await connectWorker();
      const answer = await send(worker);
      expect(answer.status).toBe(status);
      expect(answer.body.error.code).toBe(code);
      expect(upstream.count).toBe(0);
      const entries = await proxyEntries(worker.org.id);
      expect(entries).toEqual([
        expect.objectContaining({
          actor_type: 'agent',
          agent_id: worker.agentId,
          method: 'GET',
          status,
          code,
          request_id: answer.headers.get('x-request-id'),
        }),
      ]);
    },
  );

  it('records 409 CONNECTION.INVALID for an invalidated connection, after the status change itself', async () => {
    const worker = await connectWorker();
    tokenEndpoint.respondWith(() => ({ status: 400, body: { error: 'invalid_grant' } }));
    const refresh = await http(
      t.baseUrl,
      'POST',
      `/v1/orgs/${worker.org.id}/connections/${worker.connectionId}/refresh`,
      { key: worker.org.key },
    );
    expect(refresh.body).toMatchObject({ ok: false, terminal: true });
    const answer = await worker.call(`/proxy/${worker.providerKey}/items`);
    expect(answer.status).toBe(409);
    expect(upstream.count).toBe(0);
    expect(await proxyEntries(worker.org.id)).toEqual([
      expect.objectContaining({
        connection_id: worker.connectionId,
        status: 409,
        code: 'CONNECTION.INVALID',
      }),
    ]);
    const [change] = await sql(
      `SELECT actor_type, code FROM audit_entries
        WHERE organization_id = $1 AND action = 'connection.status_changed' AND connection_id = $2`,
      [worker.org.id, worker.connectionId],
    );
    expect(change).toEqual({ actor_type: 'apiKey', code: 'INVALID:invalid_grant' });
  });

  it('records the refusal of a worker whose agent was deleted (403) under that agent, and nothing for an unknown token', async () => {
    const worker = await connectWorker();
    const deleted = await http(t.baseUrl, 'DELETE', `/v1/orgs/${worker.org.id}/agents/${worker.agentId}`, {
      key: worker.org.key,
    });
    expect(deleted.status).toBe(204);
    const refused = await worker.call(`/proxy/${worker.providerKey}/items`);
    expect(refused.status).toBe(403);
    const unknown = await http(t.baseUrl, 'GET', `/proxy/${worker.providerKey}/items`, {
      headers: {
        'proxy-authorization': `Bearer pbw_${'x'.repeat(43)}`,
        authorization: `Bearer ${worker.placeholder}`,
      },
    });
    expect(unknown.status).toBe(401);
    expect(upstream.count).toBe(0);
    expect(await proxyEntries(worker.org.id)).toEqual([
      expect.objectContaining({ agent_id: worker.agentId, status: 403, code: 'SECRET_PROXY.FORBIDDEN' }),
    ]);
  });

  it('keeps no placeholder that a worker writes into the path', async () => {
    const worker = await connectWorker();
    await worker.call(`/proxy/${worker.providerKey}/echo/${worker.placeholder}`);
    const [entry] = await proxyEntries(worker.org.id);
    expect(entry.path).toBe(`/proxy/${worker.providerKey}/echo/pb_secret_…`);
  });

  it('has an entry in the database within a second of the answer, without any flush', async () => {
    const worker = await connectWorker();
    await t.app.get(AuditRecorder).flush();
    const answered = Date.now();
    expect((await worker.call(`/proxy/${worker.providerKey}/timely`)).status).toBe(200);
    const rows = await waitUntil(
      () =>
        sql(`SELECT 1 FROM audit_entries WHERE organization_id = $1 AND action = 'proxy.request'`, [
          worker.org.id,
        ]),
      (found) => found.length === 1,
      { timeoutMs: 3_000, intervalMs: 20 },
    );
    expect(rows).toHaveLength(1);
    // the writer's interval (750 ms) plus the INSERT; a busy test machine gets some slack
    expect(Date.now() - answered).toBeLessThan(1_300);
  });
});
