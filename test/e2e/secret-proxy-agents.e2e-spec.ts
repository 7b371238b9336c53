import { randomUUID } from 'node:crypto';
import { TestApp } from '../support/app';
import { sql } from '../support/db';
import { EchoUpstream } from '../support/echo-upstream';
import { FakeTokenEndpoint } from '../support/fake-token-endpoint';
import { http } from '../support/http';
import { connectWorker, createWorker, useSecretProxyHarness } from '../support/secret-proxy-harness';
import { seedOrg } from '../support/seed';

describe('secret proxy over HTTP: agents, worker tokens and placeholders', () => {
  const running = useSecretProxyHarness();
  let t: TestApp;
  let upstream: EchoUpstream;
  let tokenEndpoint: FakeTokenEndpoint;
  beforeAll(() => ({ t, upstream, tokenEndpoint } = running()));

  it('lists the agent, worker-token, placeholder and proxy routes in the OpenAPI document', async () => {
    const document = await http(t.baseUrl, 'GET', '/docs-json');
    const paths = Object.keys(document.body.paths as Record<string, unknown>);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/orgs/{orgId}/agents',
        '/v1/orgs/{orgId}/agents/{agentId}',
        '/v1/orgs/{orgId}/agents/{agentId}/worker-tokens',
        '/v1/orgs/{orgId}/agents/{agentId}/placeholders',
      ]),
    );
    const proxyPath = paths.find((path) => path.startsWith('/proxy/{provider}'));
    expect(Object.keys(document.body.paths[proxyPath as string]).sort()).toEqual([
      'delete',
      'get',
      'options',
      'patch',
      'post',
      'put',
    ]);
  });

  describe('agents, worker tokens and placeholders', () => {
    it('creates an agent with a generated or given id and answers 201', async () => {
      const org = await seedOrg(t.baseUrl);
      const generated = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/agents`, {
        key: org.key,
        body: { name: 'a' },
      });
      expect(generated.status).toBe(201);
      expect(generated.body).toEqual({ id: expect.any(String), name: 'a', createdAt: expect.any(String) });
      const id = randomUUID();
      const given = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/agents`, {
        key: org.key,
        body: { id, name: 'b' },
      });
      expect(given.status).toBe(201);
      expect(given.body.id).toBe(id);
      const again = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/agents`, {
        key: org.key,
        body: { id, name: 'b' },
      });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('AGENT.ALREADY_EXISTS');
    });

    it('issues a pbw_ worker token stored only as a hash, valid 2 h by default', async () => {
      const org = await seedOrg(t.baseUrl);
      const agent = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/agents`, {
        key: org.key,
        body: { name: 'a' },
      });
      const before = Date.now();
      const token = await http(
        t.baseUrl,
        'POST',
        `/v1/orgs/${org.id}/agents/${agent.body.id}/worker-tokens`,
        {
          key: org.key,
          body: {},
        },
      );
      expect(token.status).toBe(201);
      expect(token.body.token).toMatch(/^pbw_[A-Za-z0-9_-]{43}$/);
      const ttl = new Date(token.body.expiresAt).getTime() - before;
      expect(ttl).toBeGreaterThan(7190_000);
      expect(ttl).toBeLessThan(7210_000);
      const rows = await sql(`SELECT * FROM proxy_worker_tokens WHERE agent_id = $1`, [agent.body.id]);
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(token.body.token);
      expect(rows[0].organization_id).toBe(org.id);
    });

    it('rejects ttlSeconds below 1 and unknown fields with 400, an unknown agent with 404', async () => {
      const worker = await createWorker(t.baseUrl);
      const base = `/v1/orgs/${worker.org.id}/agents`;
      const zero = await http(t.baseUrl, 'POST', `${base}/${worker.agentId}/worker-tokens`, {
        key: worker.org.key,
        body: { ttlSeconds: 0 },
      });
      expect(zero.status).toBe(400);
      expect(zero.body.error.code).toBe('REQUEST.INVALID');
      const one = await http(t.baseUrl, 'POST', `${base}/${worker.agentId}/worker-tokens`, {
        key: worker.org.key,
        body: { ttlSeconds: 1 },
      });
      expect(one.status).toBe(201);
      const unknown = await http(t.baseUrl, 'POST', `${base}/${randomUUID()}/worker-tokens`, {
        key: worker.org.key,
        body: {},
      });
      expect(unknown.status).toBe(404);
      const badConnection = await http(t.baseUrl, 'POST', `${base}/${worker.agentId}/placeholders`, {
        key: worker.org.key,
        body: { connectionId: 'not-a-uuid' },
      });
      expect(badConnection.status).toBe(400);
      expect(badConnection.body.error.message).toContain('connectionId');
    });

    it("answers 404 for another org's agent, exactly like a missing one", async () => {
      const a = await createWorker(t.baseUrl);
      const b = await seedOrg(t.baseUrl);
      const result = await http(t.baseUrl, 'POST', `/v1/orgs/${b.id}/agents/${a.agentId}/worker-tokens`, {
        key: b.key,
        body: {},
      });
      expect(result.status).toBe(404);
      const remove = await http(t.baseUrl, 'DELETE', `/v1/orgs/${b.id}/agents/${a.agentId}`, { key: b.key });
      expect(remove.status).toBe(404);
    });
  });

  describe('placeholders and connections', () => {
    it('issues a pb_secret_ placeholder bound to org, agent and connection, valid 24 h by default', async () => {
      const worker = await connectWorker(t.baseUrl, {
        apiBaseUrl: upstream.url,
        tokenUrl: tokenEndpoint.url,
      });
      expect(worker.placeholder).toMatch(/^pb_secret_[0-9a-f-]{36}$/);
      const [row] = await sql(`SELECT * FROM proxy_placeholders WHERE id = $1`, [
        worker.placeholder.slice('pb_secret_'.length),
      ]);
      expect(row).toMatchObject({
        organization_id: worker.org.id,
        agent_id: worker.agentId,
        connection_id: worker.connectionId,
      });
      const ttl = new Date(row.expires_at).getTime() - new Date(row.created_at).getTime();
      expect(Math.abs(ttl - 86_400_000)).toBeLessThan(5_000);
    });

    it("answers 404 for an unknown connection and for another org's connection", async () => {
      const a = await connectWorker(t.baseUrl, { apiBaseUrl: upstream.url, tokenUrl: tokenEndpoint.url });
      const b = await createWorker(t.baseUrl);
      const path = `/v1/orgs/${b.org.id}/agents/${b.agentId}/placeholders`;
      for (const connectionId of [randomUUID(), a.connectionId]) {
        const result = await http(t.baseUrl, 'POST', path, { key: b.org.key, body: { connectionId } });
        expect(result.status).toBe(404);
        expect(result.body.error.code).toBe('CONNECTION.NOT_FOUND');
      }
    });
  });
});
