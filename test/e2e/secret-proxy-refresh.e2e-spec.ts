import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '../../src/database';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { EchoUpstream } from '../support/echo-upstream';
import { FakeTokenEndpoint } from '../support/fake-token-endpoint';
import { http } from '../support/http';
import { connectWorker, createWorker, proxy, useSecretProxyHarness } from '../support/secret-proxy-harness';
import { testState } from '../support/test-state';

describe('secret proxy over HTTP: refresh and failing closed', () => {
  const running = useSecretProxyHarness();
  let t: TestApp;
  let upstream: EchoUpstream;
  let tokenEndpoint: FakeTokenEndpoint;
  beforeAll(() => ({ t, upstream, tokenEndpoint } = running()));

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
