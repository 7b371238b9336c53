import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Client } from 'pg';
import { runMigrations } from '../../src/database';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { EchoUpstream } from '../support/echo-upstream';
import { http, HttpResult } from '../support/http';
import { SeededOrg, seedOrg } from '../support/seed';
import { testState } from '../support/test-state';

interface Worker {
  org: SeededOrg;
  agentId: string;
  token: string;
}

async function createWorker(baseUrl: string, org?: SeededOrg): Promise<Worker> {
  const owner = org ?? (await seedOrg(baseUrl));
  const agent = await http(baseUrl, 'POST', `/v1/orgs/${owner.id}/agents`, {
    key: owner.key,
    body: { name: 'worker-agent' },
  });
  expect(agent.status).toBe(201);
  const token = await http(baseUrl, 'POST', `/v1/orgs/${owner.id}/agents/${agent.body.id}/worker-tokens`, {
    key: owner.key,
    body: {},
  });
  expect(token.status).toBe(201);
  return { org: owner, agentId: agent.body.id, token: token.body.token };
}

/** A placeholder row written directly: the matrix rows below are refused before any connection lookup. */
async function insertPlaceholder(orgId: string | null, agentId: string | null): Promise<string> {
  const id = randomUUID();
  await sql(
    `INSERT INTO proxy_placeholders (id, organization_id, agent_id, connection_id, expires_at)
     VALUES ($1, $2, $3, $4, now() + interval '1 hour')`,
    [id, orgId, agentId, randomUUID()],
  );
  return `pb_secret_${id}`;
}

function proxy(
  baseUrl: string,
  path: string,
  options: { workerToken?: string; proxyAuthorization?: string; placeholder?: string; method?: string } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = {};
  if (options.proxyAuthorization !== undefined) headers['proxy-authorization'] = options.proxyAuthorization;
  else if (options.workerToken) headers['proxy-authorization'] = `Bearer ${options.workerToken}`;
  if (options.placeholder) headers.authorization = `Bearer ${options.placeholder}`;
  return http(baseUrl, options.method ?? 'GET', path, { headers });
}

/** node:http sends the path byte for byte (fetch would normalise dot segments before sending). */
function rawProxy(baseUrl: string, path: string, headers: Record<string, string>): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${baseUrl}/`, { method: 'GET', path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: response.statusCode ?? 0, body, headers: new Headers(), text });
      });
    });
    request.on('error', reject);
    request.end();
  });
}

describe('secret proxy over HTTP', () => {
  let t: TestApp;
  let upstream: EchoUpstream;

  beforeAll(async () => {
    upstream = await EchoUpstream.start();
    t = await startApp();
  });
  afterAll(async () => {
    await t.close();
    await upstream.close();
    await closeSql();
  });
  beforeEach(() => upstream.reset());

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

  describe('ANY /proxy/:provider/* refusals (nothing reaches the upstream)', () => {
    async function expectRefused(result: HttpResult, status: number, code: string): Promise<void> {
      expect({ status: result.status, code: result.body?.error?.code }).toEqual({ status, code });
      expect(upstream.count).toBe(0);
    }

    it('answers 401 UNAUTHENTICATED without Proxy-Authorization', async () => {
      const placeholder = await insertPlaceholder(null, null);
      await expectRefused(
        await proxy(t.baseUrl, '/proxy/echo/x', { placeholder }),
        401,
        'SECRET_PROXY.UNAUTHENTICATED',
      );
    });

    it.each([
      ['a malformed header', 'Basic abc'],
      ['a malformed token', 'Bearer pbw_short'],
      ['an org API key', 'Bearer pbk_0123456789012345678901234567890123456789012'],
      ['an unknown token', 'Bearer pbw_0123456789012345678901234567890123456789012'],
    ])('answers 401 UNAUTHENTICATED for %s', async (_label, proxyAuthorization) => {
      await expectRefused(
        await proxy(t.baseUrl, '/proxy/echo/x', { proxyAuthorization }),
        401,
        'SECRET_PROXY.UNAUTHENTICATED',
      );
    });

    it('answers 401 UNAUTHENTICATED for an expired worker token', async () => {
      const worker = await createWorker(t.baseUrl);
      const short = await http(
        t.baseUrl,
        'POST',
        `/v1/orgs/${worker.org.id}/agents/${worker.agentId}/worker-tokens`,
        { key: worker.org.key, body: { ttlSeconds: 1 } },
      );
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await expectRefused(
        await proxy(t.baseUrl, '/proxy/echo/x', { workerToken: short.body.token }),
        401,
        'SECRET_PROXY.UNAUTHENTICATED',
      );
    });

    it('answers 403 FORBIDDEN for a token whose agent was deleted, from the next request on', async () => {
      const worker = await createWorker(t.baseUrl);
      const placeholder = await insertPlaceholder(worker.org.id, worker.agentId);
      const removed = await http(t.baseUrl, 'DELETE', `/v1/orgs/${worker.org.id}/agents/${worker.agentId}`, {
        key: worker.org.key,
      });
      expect(removed.status).toBe(204);
      await expectRefused(
        await proxy(t.baseUrl, '/proxy/echo/x', { workerToken: worker.token, placeholder }),
        403,
        'SECRET_PROXY.FORBIDDEN',
      );
      const placeholders = await sql(`SELECT id FROM proxy_placeholders WHERE agent_id = $1`, [
        worker.agentId,
      ]);
      expect(placeholders).toEqual([]);
      const tokens = await sql(`SELECT revoked_at FROM proxy_worker_tokens WHERE agent_id = $1`, [
        worker.agentId,
      ]);
      expect(tokens[0].revoked_at).not.toBeNull();
    });

    it('answers 403 FORBIDDEN for a token of a deleted agent even if the agent id is created again', async () => {
      const worker = await createWorker(t.baseUrl);
      await http(t.baseUrl, 'DELETE', `/v1/orgs/${worker.org.id}/agents/${worker.agentId}`, {
        key: worker.org.key,
      });
      const recreated = await http(t.baseUrl, 'POST', `/v1/orgs/${worker.org.id}/agents`, {
        key: worker.org.key,
        body: { id: worker.agentId, name: 'again' },
      });
      expect(recreated.status).toBe(201);
      await expectRefused(
        await proxy(t.baseUrl, '/proxy/echo/x', { workerToken: worker.token }),
        403,
        'SECRET_PROXY.FORBIDDEN',
      );
    });

    it("answers 403 FORBIDDEN when the agent now belongs to another org than the token's", async () => {
      const worker = await createWorker(t.baseUrl);
      const other = await seedOrg(t.baseUrl);
      const placeholder = await insertPlaceholder(worker.org.id, worker.agentId);
      await sql(`UPDATE proxy_agents SET organization_id = $1 WHERE id = $2`, [other.id, worker.agentId]);
      await expectRefused(
        await proxy(t.baseUrl, '/proxy/echo/x', { workerToken: worker.token, placeholder }),
        403,
        'SECRET_PROXY.FORBIDDEN',
      );
    });

    it('answers 403 FORBIDDEN for an unknown placeholder and for none at all', async () => {
      const worker = await createWorker(t.baseUrl);
      await expectRefused(
        await proxy(t.baseUrl, '/proxy/echo/x', {
          workerToken: worker.token,
          placeholder: `pb_secret_${randomUUID()}`,
        }),
        403,
        'SECRET_PROXY.FORBIDDEN',
      );
      await expectRefused(
        await proxy(t.baseUrl, '/proxy/echo/x', { workerToken: worker.token }),
        403,
        'SECRET_PROXY.FORBIDDEN',
      );
    });

    it("answers 403 FORBIDDEN for org A's placeholder used by org B's worker", async () => {
      const a = await createWorker(t.baseUrl);
      const b = await createWorker(t.baseUrl);
      const placeholder = await insertPlaceholder(a.org.id, a.agentId);
      await expectRefused(
        await proxy(t.baseUrl, '/proxy/echo/x', { workerToken: b.token, placeholder }),
        403,
        'SECRET_PROXY.FORBIDDEN',
      );
    });

    it("answers 403 FORBIDDEN for another agent's placeholder in the same org", async () => {
      const a = await createWorker(t.baseUrl);
      const sibling = await createWorker(t.baseUrl, a.org);
      const placeholder = await insertPlaceholder(a.org.id, sibling.agentId);
      await expectRefused(
        await proxy(t.baseUrl, '/proxy/echo/x', { workerToken: a.token, placeholder }),
        403,
        'SECRET_PROXY.FORBIDDEN',
      );
    });

    it('answers 403 FORBIDDEN for an expired placeholder', async () => {
      const worker = await createWorker(t.baseUrl);
      const placeholder = await insertPlaceholder(worker.org.id, worker.agentId);
      await sql(`UPDATE proxy_placeholders SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        placeholder.slice('pb_secret_'.length),
      ]);
      await expectRefused(
        await proxy(t.baseUrl, '/proxy/echo/x', { workerToken: worker.token, placeholder }),
        403,
        'SECRET_PROXY.FORBIDDEN',
      );
    });

    it('answers 403 FORBIDDEN for a legacy placeholder mapping with no org', async () => {
      const worker = await createWorker(t.baseUrl);
      const legacy = await insertPlaceholder(null, worker.agentId);
      const legacyNoAgent = await insertPlaceholder(null, null);
      for (const placeholder of [legacy, legacyNoAgent]) {
        await expectRefused(
          await proxy(t.baseUrl, '/proxy/echo/x', { workerToken: worker.token, placeholder }),
          403,
          'SECRET_PROXY.FORBIDDEN',
        );
      }
    });

    it.each([
      ['a host after a double slash', '//evil.example/x'],
      ['a backslash', '/\\evil.example'],
      ['an encoded backslash', '/%5Cevil.example'],
      ['an escaping parent segment', '/v1/../../admin'],
      ['an encoded escaping parent segment', '/v1/%2e%2e/%2e%2e/admin'],
      ['a parent segment behind an encoded slash', '/v1/..%2F..%2Fadmin'],
      ['an absolute URL', '/https://evil.example/x'],
      ['an encoded CR/LF', '/x%0D%0AHost:%20evil'],
    ])('answers 400 BAD_PATH for %s', async (_label, path) => {
      const worker = await createWorker(t.baseUrl);
      const placeholder = await insertPlaceholder(worker.org.id, worker.agentId);
      await expectRefused(
        await rawProxy(t.baseUrl, `/proxy/echo${path}`, {
          'proxy-authorization': `Bearer ${worker.token}`,
          authorization: `Bearer ${placeholder}`,
        }),
        400,
        'SECRET_PROXY.BAD_PATH',
      );
    });
  });

  describe('fail closed when the org cannot be resolved', () => {
    it('answers 503 ORG_UNRESOLVED with one WARN and forwards nothing when the database is gone', async () => {
      const server = new URL(testState().databaseUrl);
      const name = `plugboard_proxy_down_${Date.now()}`;
      const adminUrl = new URL(server.toString());
      adminUrl.pathname = '/postgres';
      const admin = new Client({ connectionString: adminUrl.toString() });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
        const url = new URL(server.toString());
        url.pathname = `/${name}`;
        await runMigrations(url.toString());
        const doomed = await startApp({ DATABASE_URL: url.toString() });
        try {
          const worker = await createWorker(doomed.baseUrl);
          const org = await http(doomed.baseUrl, 'GET', `/v1/orgs/${worker.org.id}`, { key: TEST_ADMIN_KEY });
          expect(org.status).toBe(200);
          // The resolver fails for real: its database disappears under the running app.
          await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
          const before = doomed.logs.lines.length;
          const result = await proxy(doomed.baseUrl, '/proxy/echo/x', {
            workerToken: worker.token,
            placeholder: `pb_secret_${randomUUID()}`,
          });
          expect(result.status).toBe(503);
          expect(result.body.error.code).toBe('SECRET_PROXY.ORG_UNRESOLVED');
          expect(upstream.count).toBe(0);
          const warnings = doomed.logs.lines
            .slice(before)
            .map((line) => JSON.parse(line) as { level: number; msg: string })
            .filter((line) => line.level === 40);
          expect(warnings.map((line) => line.msg)).toEqual([
            'secret proxy: worker org could not be resolved, refusing the request',
          ]);
          expect(doomed.logs.text()).not.toContain(worker.token);
        } finally {
          await doomed.close().catch(() => undefined);
        }
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    });
  });
});
