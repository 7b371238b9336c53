import { randomUUID } from 'node:crypto';
import { AuditRecorder } from '../../src/modules/audit';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { startFakeTokenEndpoint, FakeTokenEndpoint } from '../support/fake-token-endpoint';
import { http } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { SeededOrg, seedOrg } from '../support/seed';

/** Inserts `count` proxy entries for an org in one statement, one millisecond apart, newest `startAgo` ago. */
async function insertEntries(
  orgId: string,
  count: number,
  options: { agentId?: string; connectionId?: string; action?: string; startAgoMs?: number } = {},
): Promise<void> {
  await sql(
    `INSERT INTO audit_entries (id, organization_id, at, actor_type, actor_id, action, agent_id, connection_id,
                                method, path, status, duration_ms, request_id)
     SELECT gen_random_uuid(), $1, now() - make_interval(secs => ($5::int + n) / 1000.0), 'agent', $2::text,
            $4, $2::uuid, $3::uuid, 'GET', '/proxy/slack/conversations.history', 200, 12, 'seeded-' || n
       FROM generate_series(1, $6::int) AS n`,
    [
      orgId,
      options.agentId ?? null,
      options.connectionId ?? null,
      options.action ?? 'proxy.request',
      options.startAgoMs ?? 0,
      count,
    ],
  );
}

describe('GET /v1/orgs/:orgId/audit', () => {
  let t: TestApp;
  let tokenEndpoint: FakeTokenEndpoint;

  beforeAll(async () => {
    tokenEndpoint = await startFakeTokenEndpoint();
    t = await startApp({ AUDIT_RETENTION_DAYS: '7' });
  });
  afterAll(async () => {
    await t.close();
    await tokenEndpoint.close();
    await closeSql();
  });

  const list = (org: SeededOrg, query = '', key = org.key) =>
    http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/audit${query}`, { key });

  it('lists newest first, walks every page by cursor exactly once, and filters by agent, connection and action', async () => {
    const org = await seedOrg(t.baseUrl);
    const agentId = randomUUID();
    const connectionId = randomUUID();
    await insertEntries(org.id, 120, { agentId, connectionId });
    await insertEntries(org.id, 30, { startAgoMs: 500 });
    await insertEntries(org.id, 5, { connectionId, action: 'access_token.issued', startAgoMs: 1_000 });

    const seen: string[] = [];
    let cursor: string | null = null;
    let previousAt = Infinity;
    do {
      const page = await list(org, `?limit=40${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      for (const entry of page.body.items) {
        expect(Date.parse(entry.at)).toBeLessThanOrEqual(previousAt);
        previousAt = Date.parse(entry.at);
        seen.push(entry.id);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(155);
    expect(new Set(seen).size).toBe(155);

    const byAgent = await list(org, `?agentId=${agentId}&limit=500`);
    expect(byAgent.body.items).toHaveLength(120);
    expect(byAgent.body.items[0]).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      orgId: org.id,
      actor: { type: 'agent', id: agentId },
      action: 'proxy.request',
      agentId,
      connectionId,
      method: 'GET',
      path: '/proxy/slack/conversations.history',
      status: 200,
      code: null,
      durationMs: 12,
      requestId: 'seeded-1',
    });
    expect((await list(org, `?connectionId=${connectionId}&limit=500`)).body.items).toHaveLength(125);
    const tokens = await list(org, `?action=access_token.issued&connectionId=${connectionId}`);
    expect(tokens.body.items.map((entry: { action: string }) => entry.action)).toEqual(
      Array(5).fill('access_token.issued'),
    );
  });

  it('bounds by since (inclusive) and until (exclusive)', async () => {
    const org = await seedOrg(t.baseUrl);
    await insertEntries(org.id, 10, { startAgoMs: 60_000 });
    await insertEntries(org.id, 4);
    const since = new Date(Date.now() - 30_000).toISOString();
    expect((await list(org, `?since=${since}`)).body.items).toHaveLength(4);
    expect((await list(org, `?until=${since}`)).body.items).toHaveLength(10);
  });

  it('answers 400 for an unknown action, a bad time and a foreign cursor', async () => {
    const org = await seedOrg(t.baseUrl);
    for (const query of ['?action=proxy.everything', '?since=yesterday', '?cursor=bm90LWEtY3Vyc29y'])
      expect((await list(org, query)).body.error.code).toBe('REQUEST.INVALID');
  });

  it('shows org B none of org A’s entries: B’s key on A’s path is a 404, B’s own list is empty', async () => {
    const a = await seedOrg(t.baseUrl);
    const b = await seedOrg(t.baseUrl);
    await insertEntries(a.id, 3);
    const foreign = await list(a, '', b.key);
    expect(foreign.status).toBe(404);
    const ndjson = await http(t.baseUrl, 'GET', `/v1/orgs/${a.id}/audit`, {
      key: b.key,
      headers: { accept: 'application/x-ndjson' },
    });
    expect(ndjson.status).toBe(404);
    expect((await list(b)).body.items).toEqual([]);
    expect((await list(a, '', TEST_ADMIN_KEY)).body.items).toHaveLength(3);
  });

  it('streams every matching entry as NDJSON, newest first, past any page size', async () => {
    const org = await seedOrg(t.baseUrl);
    await insertEntries(org.id, 2_500, { agentId: randomUUID() });
    await insertEntries(org.id, 7, { action: 'worker_token.created' });
    const answer = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/audit?action=proxy.request&limit=5`, {
      key: org.key,
      headers: { accept: 'application/x-ndjson' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = answer.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; at: string });
    expect(lines).toHaveLength(2_500);
    expect(new Set(lines.map((line) => line.id)).size).toBe(2_500);
    const times = lines.map((line) => Date.parse(line.at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it('records who created and deleted worker tokens and placeholders, and who took an access token, never a secret', async () => {
    const org = await seedOrg(t.baseUrl);
    const provider = await createProvider(t.baseUrl, org, {
      tokenUrl: tokenEndpoint.url,
      apiBaseUrl: 'http://127.0.0.1:9',
    });
    const accessToken = `audit-list-access-${randomUUID()}`;
    const connection = await importConnection(t.baseUrl, org, provider.key, { accessToken, expiresIn: 3600 });
    const agent = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/agents`, {
      key: org.key,
      body: { name: 'a' },
    });
    const base = `/v1/orgs/${org.id}/agents/${agent.body.id}`;
    const token = await http(t.baseUrl, 'POST', `${base}/worker-tokens`, {
      key: org.key,
      body: {},
      headers: { 'x-request-id': 'audit-token-create' },
    });
    const placeholder = await http(t.baseUrl, 'POST', `${base}/placeholders`, {
      key: TEST_ADMIN_KEY,
      body: { connectionId: connection.id },
    });
    const issued = await http(
      t.baseUrl,
      'POST',
      `/v1/orgs/${org.id}/connections/${connection.id}/access-token`,
      {
        key: org.key,
      },
    );
    expect(issued.body.accessToken).toBe(accessToken);
    await http(t.baseUrl, 'DELETE', `${base}/placeholders/${placeholder.body.id}`, { key: org.key });
    await http(t.baseUrl, 'DELETE', `${base}/worker-tokens/${token.body.id}`, { key: org.key });
    await http(t.baseUrl, 'DELETE', `/v1/orgs/${org.id}/connections/${connection.id}`, { key: org.key });
    await t.app.get(AuditRecorder).flush();

    const page = await list(org);
    const keyId = (await http(t.baseUrl, 'GET', '/v1/me', { key: org.key })).body.keyId;
    const summary = page.body.items
      .reverse()
      .map(
        (entry: { action: string; actor: unknown; agentId: string | null; connectionId: string | null }) => ({
          action: entry.action,
          actor: entry.actor,
          agentId: entry.agentId,
          connectionId: entry.connectionId,
        }),
      );
    const apiKey = { type: 'apiKey', id: keyId };
    expect(summary).toEqual([
      { action: 'worker_token.created', actor: apiKey, agentId: agent.body.id, connectionId: null },
      {
        action: 'placeholder.created',
        actor: { type: 'operator', id: null },
        agentId: agent.body.id,
        connectionId: connection.id,
      },
      { action: 'access_token.issued', actor: apiKey, agentId: null, connectionId: connection.id },
      { action: 'placeholder.deleted', actor: apiKey, agentId: agent.body.id, connectionId: null },
      { action: 'worker_token.deleted', actor: apiKey, agentId: agent.body.id, connectionId: null },
      { action: 'connection.deleted', actor: apiKey, agentId: null, connectionId: connection.id },
    ]);
    expect(page.body.items[0].requestId).toBe('audit-token-create');
    const stored = JSON.stringify(
      await sql(`SELECT * FROM audit_entries WHERE organization_id = $1`, [org.id]),
    );
    for (const secret of [accessToken, token.body.token, placeholder.body.placeholder, placeholder.body.id])
      expect(stored).not.toContain(secret);
  });

  it('is swept past AUDIT_RETENTION_DAYS: POST /v1/admin/sweep reports deleted.auditEntries', async () => {
    const org = await seedOrg(t.baseUrl);
    await insertEntries(org.id, 25, { startAgoMs: 8 * 86_400_000 });
    await insertEntries(org.id, 6, { startAgoMs: 6 * 86_400_000 });
    const sweep = await http(t.baseUrl, 'POST', '/v1/admin/sweep', { key: TEST_ADMIN_KEY });
    expect(sweep.status).toBe(200);
    expect(sweep.body.deleted.auditEntries).toBeGreaterThanOrEqual(25);
    const [{ n }] = await sql(`SELECT count(*)::int AS n FROM audit_entries WHERE organization_id = $1`, [
      org.id,
    ]);
    expect(n).toBe(6);
  });
});
