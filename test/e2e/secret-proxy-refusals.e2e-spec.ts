import { randomUUID } from 'node:crypto';
import { startApp, TestApp } from '../support/app';
import { changesHeard } from '../support/changes-heard';
import { sql } from '../support/db';
import { EchoUpstream } from '../support/echo-upstream';
import { FakeTokenEndpoint } from '../support/fake-token-endpoint';
import { http, HttpResult } from '../support/http';
import {
  connectWorker,
  createWorker,
  insertPlaceholder,
  proxy,
  rawProxy,
  useSecretProxyHarness,
} from '../support/secret-proxy-harness';
import { seedOrg } from '../support/seed';

describe('secret proxy over HTTP: refusals', () => {
  const running = useSecretProxyHarness();
  let t: TestApp;
  let upstream: EchoUpstream;
  let tokenEndpoint: FakeTokenEndpoint;
  beforeAll(() => ({ t, upstream, tokenEndpoint } = running()));

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
});
