import { randomUUID } from 'node:crypto';
import * as net from 'node:net';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { EchoUpstream } from '../support/echo-upstream';
import { http, HttpResult } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { seedOrg } from '../support/seed';

function expectRateLimited(result: HttpResult): void {
  expect(result.status).toBe(429);
  expect(result.body.error).toEqual({
    code: 'REQUEST.RATE_LIMITED',
    message: expect.stringMatching(/retry after \d+ s/),
    requestId: result.headers.get('x-request-id'),
  });
  expect(Number(result.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(Number(result.headers.get('retry-after'))).toBeLessThanOrEqual(60);
}

/** Writes `bytes`, then keeps the socket open without sending more, and returns what comes back. */
function stallAfter(baseUrl: string, bytes: string, waitMs: number): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    socket.on('error', reject);
    socket.write(bytes);
  });
}

describe('rate limits and the request timeout', () => {
  afterAll(() => closeSql());

  describe('per API key on /v1 (RATE_LIMIT_API_PER_MINUTE)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startApp({ RATE_LIMIT_API_PER_MINUTE: '5', RATE_LIMIT_REJECTED_PER_MINUTE: '0' });
    });
    afterAll(() => t.close());

    it('answers 429 REQUEST.RATE_LIMITED with Retry-After past the limit, runs nothing, and counts each key alone', async () => {
      const org = await seedOrg(t.baseUrl, 'limited');
      // seedOrg used the operator key twice; the org key starts fresh
      const read = () => http(t.baseUrl, 'GET', `/v1/orgs/${org.id}`, { key: org.key });
      for (let index = 0; index < 4; index++) {
        const allowed = await read();
        expect(allowed.status).toBe(200);
        expect(allowed.headers.get('x-ratelimit-limit')).toBe('5');
        expect(allowed.headers.get('x-ratelimit-remaining')).toBe(String(4 - index));
      }
      const agentId = randomUUID();
      const fifth = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/agents`, {
        key: org.key,
        body: { id: agentId, name: 'fifth' },
      });
      expect(fifth.status).toBe(201);
      const sixth = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/agents`, {
        key: org.key,
        body: { id: randomUUID(), name: 'sixth' },
      });
      expectRateLimited(sixth);
      expect(await sql('SELECT id FROM proxy_agents WHERE organization_id = $1', [org.id])).toEqual([
        { id: agentId },
      ]);
      // the operator key has its own counter
      expect((await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}`, { key: TEST_ADMIN_KEY })).status).toBe(200);
    });
  });

  describe('per worker token on /proxy (RATE_LIMIT_PROXY_PER_MINUTE), whatever route serves it', () => {
    let t: TestApp;
    let upstream: EchoUpstream;
    beforeAll(async () => {
      upstream = await EchoUpstream.start();
      t = await startApp({ RATE_LIMIT_PROXY_PER_MINUTE: '3', RATE_LIMIT_REJECTED_PER_MINUTE: '0' });
    });
    afterAll(async () => {
      await t.close();
      await upstream.close();
    });

    it('answers 429 past the limit without calling the upstream, and counts each token alone', async () => {
      const org = await seedOrg(t.baseUrl);
      const provider = await createProvider(t.baseUrl, org, {
        key: 'echo',
        tokenUrl: 'http://127.0.0.1:9/token',
        apiBaseUrl: upstream.url,
      });
      const connection = await importConnection(t.baseUrl, org, provider.key, {
        accessToken: `at-${randomUUID()}`,
      });
      const agent = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/agents`, {
        key: org.key,
        body: { name: 'a' },
      });
      const base = `/v1/orgs/${org.id}/agents/${agent.body.id}`;
      const tokens = await Promise.all(
        [0, 1].map(
          async () =>
            (await http(t.baseUrl, 'POST', `${base}/worker-tokens`, { key: org.key, body: {} })).body.token,
        ),
      );
      const placeholder = (
        await http(t.baseUrl, 'POST', `${base}/placeholders`, {
          key: org.key,
          body: { connectionId: connection.id },
        })
      ).body.placeholder;
      const call = (token: string) =>
        http(t.baseUrl, 'GET', '/proxy/echo/x', {
          headers: { 'proxy-authorization': `Bearer ${token}`, authorization: `Bearer ${placeholder}` },
        });
      for (let index = 0; index < 3; index++) expect((await call(tokens[0])).status).toBe(200);
      const before = upstream.count;
      expectRateLimited(await call(tokens[0]));
      expect(upstream.count).toBe(before);
      expect((await call(tokens[1])).status).toBe(200);
    });

    it('counts a token before the proxy looks at it: an unknown one is refused with 429 past the limit too', async () => {
      const header = { 'proxy-authorization': `Bearer pbw_${'p'.repeat(43)}` };
      for (let index = 0; index < 3; index++) {
        expect((await http(t.baseUrl, 'GET', '/proxy/plain/x', { headers: header })).status).toBe(401);
      }
      expectRateLimited(await http(t.baseUrl, 'GET', '/proxy/plain/x', { headers: header }));
      // the limit is the proxy's: other routes do not count that header
      expect((await http(t.baseUrl, 'GET', '/health/live', { headers: header })).status).toBe(200);
    });
  });

  describe('per client IP on answers 401 and 404 (RATE_LIMIT_REJECTED_PER_MINUTE)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startApp({ RATE_LIMIT_REJECTED_PER_MINUTE: '5' });
    });
    afterAll(() => t.close());

    it('answers 429 to every request of the IP on /v1, /ingress, /proxy and /oauth once it had 5 rejections', async () => {
      const org = await seedOrg(t.baseUrl);
      const valid = () => http(t.baseUrl, 'GET', `/v1/orgs/${org.id}`, { key: org.key });
      expect((await valid()).status).toBe(200);
      const rejections = [
        await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}`, { key: 'pbk_wrong' }),
        await http(t.baseUrl, 'GET', `/v1/orgs/${randomUUID()}`, { key: org.key }),
        await http(t.baseUrl, 'POST', '/ingress/generic/no-such-instance/events', {
          raw: '{}',
          headers: { 'content-type': 'application/json' },
        }),
        await http(t.baseUrl, 'GET', '/proxy/echo/x'),
        await http(t.baseUrl, 'GET', '/oauth/nowhere'),
      ];
      expect(rejections.map((result) => result.status)).toEqual([401, 404, 404, 401, 404]);
      // 400s, 403s and 2xx do not count
      expect((await valid()).status).toBe(200);
      expect((await http(t.baseUrl, 'GET', '/oauth/callback?code=x&state=unknown')).status).toBe(400);

      // the next rejection would be the 6th: from now on even a valid request of this IP is refused
      await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}`, { key: 'pbk_wrong-again' });
      for (const result of [
        await valid(),
        await http(t.baseUrl, 'POST', '/ingress/generic/no-such-instance/events', {
          raw: '{}',
          headers: { 'content-type': 'application/json' },
        }),
        await http(t.baseUrl, 'GET', '/proxy/echo/x'),
      ]) {
        expectRateLimited(result);
      }
      // operations stay reachable: a load balancer's health check is not an API client
      expect((await http(t.baseUrl, 'GET', '/health/live')).status).toBe(200);
    });
  });

  describe('the client address behind a load balancer (TRUST_PROXY)', () => {
    const rejectFrom = (t: TestApp, forwardedFor: string) =>
      http(t.baseUrl, 'GET', '/proxy/echo/x', { headers: { 'x-forwarded-for': forwardedFor } });

    it('counts the forwarded client address when the proxy is trusted', async () => {
      const t = await startApp({ RATE_LIMIT_REJECTED_PER_MINUTE: '2', TRUST_PROXY: '127.0.0.1' });
      try {
        for (let index = 0; index < 3; index++) expect((await rejectFrom(t, '203.0.113.5')).status).toBe(401);
        expectRateLimited(await rejectFrom(t, '203.0.113.5'));
        expect((await rejectFrom(t, '203.0.113.6')).status).toBe(401);
      } finally {
        await t.close();
      }
    });

    it('ignores X-Forwarded-For from a peer that is not trusted, so it cannot be used to dodge the limit', async () => {
      const t = await startApp({ RATE_LIMIT_REJECTED_PER_MINUTE: '2' });
      try {
        for (const forwardedFor of ['203.0.113.7', '203.0.113.8', '203.0.113.9']) {
          expect((await rejectFrom(t, forwardedFor)).status).toBe(401);
        }
        expectRateLimited(await rejectFrom(t, '203.0.113.10'));
      } finally {
        await t.close();
      }
    });
  });

  describe('REQUEST_TIMEOUT_MS', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startApp({ REQUEST_TIMEOUT_MS: '600' });
    });
    afterAll(() => t.close());

    const parse = (raw: string) => {
      const [head, body] = raw.split('\r\n\r\n');
      const requestId = /x-request-id: (\S+)/i.exec(head)?.[1];
      return { status: Number(head.split(' ')[1]), requestId, body: JSON.parse(body) };
    };

    it('answers 408 in the error shape, with x-request-id, to a client whose body never finishes', async () => {
      const started = Date.now();
      const raw = await stallAfter(
        t.baseUrl,
        `POST /v1/orgs HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${TEST_ADMIN_KEY}\r\n` +
          'content-type: application/json\r\ncontent-length: 100\r\nx-request-id: slow-body-1\r\n\r\n{"name":',
        10_000,
      );
      const answer = parse(raw);
      expect(answer.status).toBe(408);
      expect(answer.body.error).toEqual({
        code: 'REQUEST.TIMEOUT',
        message: expect.any(String),
        requestId: 'slow-body-1',
      });
      expect(answer.requestId).toBe('slow-body-1');
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('answers 408 to a client whose headers never finish', async () => {
      const answer = parse(await stallAfter(t.baseUrl, 'GET /health/live HTTP/1.1\r\nhost: x\r\n', 10_000));
      expect(answer.status).toBe(408);
      expect(answer.body.error.code).toBe('REQUEST.TIMEOUT');
      expect(answer.requestId).toBe(answer.body.error.requestId);
    });
  });
});
