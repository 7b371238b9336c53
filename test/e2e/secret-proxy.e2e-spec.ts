import { changesHeard } from '../support/changes-heard';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Client } from 'pg';
import { runMigrations } from '../../src/database';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { EchoUpstream } from '../support/echo-upstream';
import { FakeTokenEndpoint, startFakeTokenEndpoint } from '../support/fake-token-endpoint';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { freePort } from '../support/process';
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

interface ConnectedWorker extends Worker {
  providerKey: string;
  connectionId: string;
  placeholder: string;
  accessToken: string;
}

/** Provider (apiBaseUrl) → imported connection → agent → worker token → placeholder, all over HTTP. */
async function connectWorker(
  baseUrl: string,
  options: { apiBaseUrl: string; tokenUrl: string; errorStyle?: 'standard' | 'slack'; org?: SeededOrg },
): Promise<ConnectedWorker> {
  const worker = await createWorker(baseUrl, options.org);
  const provider = await createProvider(baseUrl, worker.org, {
    tokenUrl: options.tokenUrl,
    apiBaseUrl: options.apiBaseUrl,
    errorStyle: options.errorStyle ?? 'standard',
  });
  const accessToken = `real-access-${randomUUID()}`;
  const connection = await importConnection(baseUrl, worker.org, provider.key, {
    accessToken,
    refreshToken: `real-refresh-${randomUUID()}`,
    expiresIn: 3600,
  });
  const placeholder = await http(
    baseUrl,
    'POST',
    `/v1/orgs/${worker.org.id}/agents/${worker.agentId}/placeholders`,
    { key: worker.org.key, body: { connectionId: connection.id } },
  );
  expect(placeholder.status).toBe(201);
  return {
    ...worker,
    providerKey: provider.key,
    connectionId: connection.id,
    placeholder: placeholder.body.placeholder,
    accessToken,
  };
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
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(response.headers))
        if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
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
        resolve({ status: response.statusCode ?? 0, body, headers: responseHeaders, text });
      });
    });
    request.on('error', reject);
    request.end();
  });
}

describe('secret proxy over HTTP', () => {
  let t: TestApp;
  let upstream: EchoUpstream;
  let tokenEndpoint: FakeTokenEndpoint;

  beforeAll(async () => {
    upstream = await EchoUpstream.start();
    tokenEndpoint = await startFakeTokenEndpoint();
    t = await startApp({ LOG_LEVEL: 'info' });
  });
  afterAll(async () => {
    await t.close();
    await upstream.close();
    await tokenEndpoint.close();
    await closeSql();
  });
  beforeEach(() => upstream.reset());

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

    it("answers 403 FORBIDDEN when the token's agent id now names an agent of another org only", async () => {
      const worker = await createWorker(t.baseUrl);
      const other = await seedOrg(t.baseUrl);
      await sql(`UPDATE proxy_agents SET organization_id = $1 WHERE id = $2`, [other.id, worker.agentId]);
      await changesHeard(t);
      await expectRefused(
        await proxy(t.baseUrl, '/proxy/echo/x', {
          workerToken: worker.token,
          placeholder: `pb_secret_${randomUUID()}`,
        }),
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
      const a = await connectWorker(t.baseUrl, { apiBaseUrl: upstream.url, tokenUrl: tokenEndpoint.url });
      const b = await connectWorker(t.baseUrl, { apiBaseUrl: upstream.url, tokenUrl: tokenEndpoint.url });
      for (const provider of [a.providerKey, b.providerKey]) {
        await expectRefused(
          await proxy(t.baseUrl, `/proxy/${provider}/x`, {
            workerToken: b.token,
            placeholder: a.placeholder,
          }),
          403,
          'SECRET_PROXY.FORBIDDEN',
        );
      }
    });

    it('answers 403 FORBIDDEN for a placeholder used with another provider in the URL', async () => {
      const worker = await connectWorker(t.baseUrl, {
        apiBaseUrl: upstream.url,
        tokenUrl: tokenEndpoint.url,
      });
      await expectRefused(
        await proxy(t.baseUrl, '/proxy/someone-else/x', {
          workerToken: worker.token,
          placeholder: worker.placeholder,
        }),
        403,
        'SECRET_PROXY.FORBIDDEN',
      );
    });

    it('answers 409 CONNECTION.INVALID for an invalid connection without calling the upstream', async () => {
      const worker = await connectWorker(t.baseUrl, {
        apiBaseUrl: upstream.url,
        tokenUrl: tokenEndpoint.url,
      });
      await sql(`UPDATE oauth_connections SET status = 'INVALID' WHERE id = $1`, [worker.connectionId]);
      await changesHeard(t);
      const before = tokenEndpoint.calls.length;
      await expectRefused(
        await proxy(t.baseUrl, `/proxy/${worker.providerKey}/x`, {
          workerToken: worker.token,
          placeholder: worker.placeholder,
        }),
        409,
        'CONNECTION.INVALID',
      );
      expect(tokenEndpoint.calls.length).toBe(before);
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

  describe('upstream address policy (ALLOW_PRIVATE_UPSTREAMS=false)', () => {
    let strict: TestApp;
    beforeAll(async () => {
      strict = await startApp({ ALLOW_PRIVATE_UPSTREAMS: 'false' });
    });
    afterAll(async () => {
      await strict.close();
    });

    it.each([
      ['loopback', () => upstream.url],
      ['a hostname resolving to 127.0.0.1', () => `http://localhost:${upstream.port}`],
      ['loopback in IPv4-mapped IPv6 form', () => `http://[::ffff:127.0.0.1]:${upstream.port}`],
      ['a private address', () => 'http://10.0.0.1'],
      ['the metadata address', () => 'http://169.254.169.254/latest'],
    ])('answers 403 UPSTREAM_REFUSED for %s', async (_label, apiBaseUrl) => {
      const worker = await connectWorker(strict.baseUrl, {
        apiBaseUrl: apiBaseUrl(),
        tokenUrl: tokenEndpoint.url,
      });
      const result = await proxy(strict.baseUrl, `/proxy/${worker.providerKey}/x`, {
        workerToken: worker.token,
        placeholder: worker.placeholder,
      });
      expect({ status: result.status, code: result.body?.error?.code }).toEqual({
        status: 403,
        code: 'SECRET_PROXY.UPSTREAM_REFUSED',
      });
      expect(upstream.count).toBe(0);
    });
  });

  describe('forwarding', () => {
    let worker: ConnectedWorker;
    beforeAll(async () => {
      worker = await connectWorker(t.baseUrl, {
        apiBaseUrl: `${upstream.url}/api`,
        tokenUrl: tokenEndpoint.url,
      });
    });

    it('sends the real token upstream and none of the stripped headers, and returns the answer', async () => {
      const result = await rawProxy(t.baseUrl, `/proxy/${worker.providerKey}/users/42?expand=teams`, {
        'proxy-authorization': `Bearer ${worker.token}`,
        authorization: `Bearer ${worker.placeholder}`,
        cookie: 'session=worker',
        'x-forwarded-for': '10.1.2.3',
        'x-forwarded-host': 'internal.example',
        forwarded: 'for=10.1.2.3',
        connection: 'x-hop-header',
        'x-hop-header': 'hop',
        'x-custom': worker.placeholder,
        accept: 'application/json',
      });
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({ method: 'GET', url: '/api/users/42?expand=teams' });
      expect(result.headers.get('set-cookie')).toBeNull();
      const seen = upstream.last();
      expect(upstream.count).toBe(1);
      expect(seen.headers.authorization).toBe(`Bearer ${worker.accessToken}`);
      expect(seen.headers.accept).toBe('application/json');
      expect(seen.headers['x-custom']).toBe(worker.placeholder);
      for (const stripped of [
        'proxy-authorization',
        'cookie',
        'x-forwarded-for',
        'x-forwarded-host',
        'forwarded',
        'x-hop-header',
      ]) {
        expect(seen.headers[stripped]).toBeUndefined();
      }
      expect(seen.headers.host).toBe(`127.0.0.1:${upstream.port}`);
    });

    it('substitutes a placeholder in x-api-key and forwards a JSON body with its content type', async () => {
      const result = await http(t.baseUrl, 'POST', `/proxy/${worker.providerKey}/chat.postMessage`, {
        headers: { 'proxy-authorization': `Bearer ${worker.token}`, 'x-api-key': worker.placeholder },
        body: { channel: 'C1', text: 'hello' },
      });
      expect(result.status).toBe(200);
      const seen = upstream.last();
      expect(seen.headers['x-api-key']).toBe(worker.accessToken);
      expect(seen.headers['content-type']).toBe('application/json');
      expect(seen.bodyText).toBe(JSON.stringify({ channel: 'C1', text: 'hello' }));
    });

    it('writes one audit line per call without header values and counts it in the metrics', async () => {
      await proxy(t.baseUrl, `/proxy/${worker.providerKey}/x`, { placeholder: worker.placeholder });
      const before = t.logs.lines.length;
      await proxy(t.baseUrl, `/proxy/${worker.providerKey}/audited?secret=query`, {
        workerToken: worker.token,
        placeholder: worker.placeholder,
      });
      const lines = t.logs.lines.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
      const audit = lines.filter((line) => line.msg === 'secret proxy call');
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        orgId: worker.org.id,
        agentId: worker.agentId,
        provider: worker.providerKey,
        method: 'GET',
        path: '/audited',
        status: 200,
        upstreamMs: expect.any(Number),
      });
      const text = t.logs.text();
      for (const secret of [worker.token, worker.placeholder, worker.accessToken, 'secret=query'])
        expect(text).not.toContain(secret);
      const metrics = await http(t.baseUrl, 'GET', '/metrics');
      expect(metrics.text).toContain('secret_proxy_requests_total{status_class="2xx"}');
      expect(metrics.text).not.toContain(worker.providerKey);
      expect(metrics.text).toContain('secret_proxy_upstream_duration_seconds_bucket');
      expect(metrics.text).toContain('secret_proxy_refusals_total{reason="unauthenticated"}');
    });

    it('forwards HEAD and PATCH with the method unchanged', async () => {
      const head = await proxy(t.baseUrl, `/proxy/${worker.providerKey}/resource`, {
        workerToken: worker.token,
        placeholder: worker.placeholder,
        method: 'HEAD',
      });
      expect(head.status).toBe(200);
      expect(upstream.last().method).toBe('HEAD');
      const patch = await proxy(t.baseUrl, `/proxy/${worker.providerKey}/resource`, {
        workerToken: worker.token,
        placeholder: worker.placeholder,
        method: 'PATCH',
      });
      expect(patch.body).toMatchObject({ method: 'PATCH', url: '/api/resource' });
    });

    it('returns an upstream 302 as is and does not follow it', async () => {
      const result = await proxy(t.baseUrl, `/proxy/${worker.providerKey}/redirect`, {
        workerToken: worker.token,
        placeholder: worker.placeholder,
      });
      expect(result.status).toBe(302);
      expect(result.headers.get('location')).toBe(`${upstream.url}/redirect-target`);
      expect(upstream.countPath('/redirect-target')).toBe(0);
      expect(upstream.countPath('/api/redirect')).toBe(1);
    });

    it('streams a 20 MB upload: the upstream sees the first bytes before the worker has sent the rest', async () => {
      const total = 20 * 1024 * 1024;
      const chunk = Buffer.alloc(1024 * 1024, 0x62);
      const firstBytesUpstream = new Promise<void>((resolve) => {
        const listener = (url: string) => {
          if (url === '/api/upload') {
            upstream.progress.off('chunk', listener);
            resolve();
          }
        };
        upstream.progress.on('chunk', listener);
      });
      const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = httpRequest(
          `${t.baseUrl}/proxy/${worker.providerKey}/upload`,
          {
            method: 'PUT',
            headers: {
              'proxy-authorization': `Bearer ${worker.token}`,
              authorization: `Bearer ${worker.placeholder}`,
              'content-type': 'application/octet-stream',
              'content-length': String(total),
            },
          },
          (res) => {
            let body = '';
            res.on('data', (data: Buffer) => (body += data.toString('utf8')));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        request.on('error', reject);
        request.write(chunk);
        void firstBytesUpstream.then(async () => {
          for (let sent = chunk.length; sent < total; sent += chunk.length) {
            if (!request.write(chunk)) await new Promise((resolve) => request.once('drain', resolve));
          }
          request.end();
        });
      });
      const result = await response;
      expect(result.status).toBe(200);
      const seen = upstream.last();
      expect(seen.bodyBytes).toBe(total);
      expect(seen.headers['content-type']).toBe('application/octet-stream');
    });

    it('streams a 20 MB download: the worker gets the first bytes before the upstream has sent the rest', async () => {
      const total = 20 * 1024 * 1024;
      let releaseRest!: () => void;
      const workerHasFirstBytes = new Promise<void>((resolve) => (releaseRest = resolve));
      upstream.respondWith(async (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        const chunk = Buffer.alloc(1024 * 1024, 0x63);
        response.write(chunk);
        await workerHasFirstBytes;
        for (let sent = chunk.length; sent < total; sent += chunk.length) {
          if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve));
        }
        response.end();
      });
      const received = await new Promise<{ status: number; bytes: number }>((resolve, reject) => {
        const request = httpRequest(
          `${t.baseUrl}/proxy/${worker.providerKey}/download`,
          {
            headers: {
              'proxy-authorization': `Bearer ${worker.token}`,
              authorization: `Bearer ${worker.placeholder}`,
            },
          },
          (res) => {
            let bytes = 0;
            res.on('data', (data: Buffer) => {
              bytes += data.length;
              releaseRest();
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
          },
        );
        request.on('error', reject);
        request.end();
      });
      expect(received).toEqual({ status: 200, bytes: total });
    });

    it('answers 504 UPSTREAM_TIMEOUT when the upstream never answers (the client waits 15 s for headers)', async () => {
      // accepts the request and never answers
      upstream.respondWith(() => new Promise<boolean>(() => undefined));
      const result = await proxy(t.baseUrl, `/proxy/${worker.providerKey}/slow`, {
        workerToken: worker.token,
        placeholder: worker.placeholder,
      });
      expect(result.status).toBe(504);
      expect(result.body.error.code).toBe('SECRET_PROXY.UPSTREAM_TIMEOUT');
      expect(upstream.countPath('/api/slow')).toBe(1);
    }, 30_000);

    it('answers 502 UPSTREAM_UNREACHABLE when nothing listens at the provider address', async () => {
      const closed = await freePort();
      const dead = await connectWorker(t.baseUrl, {
        apiBaseUrl: `http://127.0.0.1:${closed}`,
        tokenUrl: tokenEndpoint.url,
      });
      const result = await proxy(t.baseUrl, `/proxy/${dead.providerKey}/x`, {
        workerToken: dead.token,
        placeholder: dead.placeholder,
      });
      expect(result.status).toBe(502);
      expect(result.body.error.code).toBe('SECRET_PROXY.UPSTREAM_UNREACHABLE');
    });
  });

  describe('refresh after an upstream rejection', () => {
    /** The upstream accepts only the token the test says is current. */
    function acceptOnly(current: () => string, slack = false): void {
      upstream.respondWith((request, response) => {
        const ok = request.headers.authorization === `Bearer ${current()}`;
        if (slack) {
          response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
          response.end(
            JSON.stringify(ok ? { ok: true, echo: request.bodyText } : { ok: false, error: 'invalid_auth' }),
          );
          return;
        }
        response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        response.end(JSON.stringify(ok ? { ok: true, echo: request.bodyText } : { error: 'unauthorized' }));
      });
    }

    it('refreshes once on an upstream 401 and retries the request with the new token and the same body', async () => {
      const worker = await connectWorker(t.baseUrl, {
        apiBaseUrl: upstream.url,
        tokenUrl: tokenEndpoint.url,
      });
      const before = tokenEndpoint.calls.length;
      acceptOnly(() =>
        tokenEndpoint.calls.length > before ? `fake-access-${tokenEndpoint.calls.length}` : 'none',
      );
      const result = await http(t.baseUrl, 'POST', `/proxy/${worker.providerKey}/items`, {
        headers: {
          'proxy-authorization': `Bearer ${worker.token}`,
          authorization: `Bearer ${worker.placeholder}`,
        },
        body: { name: 'widget' },
      });
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ ok: true, echo: JSON.stringify({ name: 'widget' }) });
      expect(tokenEndpoint.calls.length - before).toBe(1);
      expect(upstream.requests.map((request) => request.headers.authorization)).toEqual([
        `Bearer ${worker.accessToken}`,
        `Bearer fake-access-${tokenEndpoint.calls.length}`,
      ]);
    });

    it('treats a Slack-style 200 {ok:false,error:"invalid_auth"} the same way for errorStyle slack', async () => {
      const worker = await connectWorker(t.baseUrl, {
        apiBaseUrl: upstream.url,
        tokenUrl: tokenEndpoint.url,
        errorStyle: 'slack',
      });
      const before = tokenEndpoint.calls.length;
      acceptOnly(
        () => (tokenEndpoint.calls.length > before ? `fake-access-${tokenEndpoint.calls.length}` : 'none'),
        true,
      );
      const result = await http(t.baseUrl, 'POST', `/proxy/${worker.providerKey}/chat.postMessage`, {
        headers: {
          'proxy-authorization': `Bearer ${worker.token}`,
          authorization: `Bearer ${worker.placeholder}`,
        },
        body: { channel: 'C1' },
      });
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ ok: true, echo: JSON.stringify({ channel: 'C1' }) });
      expect(tokenEndpoint.calls.length - before).toBe(1);
      expect(upstream.count).toBe(2);
    });

    it('returns a Slack-style failure that is not an auth error as is, without refreshing', async () => {
      const worker = await connectWorker(t.baseUrl, {
        apiBaseUrl: upstream.url,
        tokenUrl: tokenEndpoint.url,
        errorStyle: 'slack',
      });
      upstream.respondWith((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: false, error: 'channel_not_found' }));
      });
      const before = tokenEndpoint.calls.length;
      const result = await proxy(t.baseUrl, `/proxy/${worker.providerKey}/chat.postMessage`, {
        workerToken: worker.token,
        placeholder: worker.placeholder,
      });
      expect(result.body).toEqual({ ok: false, error: 'channel_not_found' });
      expect(tokenEndpoint.calls.length).toBe(before);
      expect(upstream.count).toBe(1);
    });

    it('refreshes but does not retry a streamed body, returning the 401 to the worker', async () => {
      const worker = await connectWorker(t.baseUrl, {
        apiBaseUrl: upstream.url,
        tokenUrl: tokenEndpoint.url,
      });
      const before = tokenEndpoint.calls.length;
      acceptOnly(() => 'never');
      const result = await http(t.baseUrl, 'POST', `/proxy/${worker.providerKey}/upload`, {
        headers: {
          'proxy-authorization': `Bearer ${worker.token}`,
          authorization: `Bearer ${worker.placeholder}`,
          'content-type': 'application/octet-stream',
        },
        raw: Buffer.alloc(128 * 1024, 1),
      });
      expect(result.status).toBe(401);
      expect(upstream.count).toBe(1);
      expect(tokenEndpoint.calls.length - before).toBe(1);
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
          const before = [t.logs.lines.length, doomed.logs.lines.length];
          const result = await proxy(doomed.baseUrl, '/proxy/echo/x', {
            workerToken: worker.token,
            placeholder: `pb_secret_${randomUUID()}`,
          });
          expect(result.status).toBe(503);
          expect(result.body.error.code).toBe('SECRET_PROXY.ORG_UNRESOLVED');
          expect(upstream.count).toBe(0);
          // Lines written outside a request's log context (the proxy route has none) go to the first
          // app of this test process, `t`; a real process has one app, so they are all its own.
          const warnings = [...t.logs.lines.slice(before[0]), ...doomed.logs.lines.slice(before[1])]
            .map((line) => JSON.parse(line) as { level: number; msg: string })
            .filter((line) => line.level === 40 && line.msg.startsWith('secret proxy'));
          expect(warnings.map((line) => line.msg)).toEqual([
            'secret proxy: worker org could not be resolved, refusing the request',
          ]);
          expect(doomed.logs.text()).not.toContain(worker.token);
          expect(t.logs.text()).not.toContain(worker.token);
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
