import { startApp, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { EchoUpstream } from '../support/echo-upstream';
import { FakeTokenEndpoint, startFakeTokenEndpoint } from '../support/fake-token-endpoint';
import { http } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { seedOrg } from '../support/seed';

/** SECRET_PROXY_CACHE_MS: resolutions are reused briefly, and revocation still takes effect. */
describe('secret proxy with the resolution cache on', () => {
  const cacheMs = 1000;
  let cached: TestApp;
  let other: TestApp;
  let upstream: EchoUpstream;
  let tokenEndpoint: FakeTokenEndpoint;

  beforeAll(async () => {
    upstream = await EchoUpstream.start();
    tokenEndpoint = await startFakeTokenEndpoint();
    cached = await startApp({ SECRET_PROXY_CACHE_MS: String(cacheMs) });
    other = await startApp();
  });
  afterAll(async () => {
    await cached.close();
    await other.close();
    await upstream.close();
    await tokenEndpoint.close();
    await closeSql();
  });

  async function connectWorker() {
    const org = await seedOrg(cached.baseUrl);
    const provider = await createProvider(cached.baseUrl, org, {
      tokenUrl: tokenEndpoint.url,
      apiBaseUrl: upstream.url,
    });
    const connection = await importConnection(cached.baseUrl, org, provider.key, {
      accessToken: 'cache-test-access',
      expiresIn: 3600,
    });
    const agent = await http(cached.baseUrl, 'POST', `/v1/orgs/${org.id}/agents`, {
      key: org.key,
      body: { name: 'cached' },
    });
    const base = `/v1/orgs/${org.id}/agents/${agent.body.id}`;
    const token = await http(cached.baseUrl, 'POST', `${base}/worker-tokens`, { key: org.key, body: {} });
    const placeholder = await http(cached.baseUrl, 'POST', `${base}/placeholders`, {
      key: org.key,
      body: { connectionId: connection.id },
    });
    const call = (baseUrl: string) =>
      http(baseUrl, 'GET', `/proxy/${provider.key}/x`, {
        headers: {
          'proxy-authorization': `Bearer ${token.body.token}`,
          authorization: `Bearer ${placeholder.body.placeholder}`,
        },
      });
    const deleteAgent = (baseUrl: string) => http(baseUrl, 'DELETE', base, { key: org.key });
    return { call, deleteAgent, placeholderId: String(placeholder.body.id) };
  }

  it('refuses a deleted agent at once in the process that deleted it', async () => {
    const worker = await connectWorker();
    expect((await worker.call(cached.baseUrl)).status).toBe(200);
    expect((await worker.deleteAgent(cached.baseUrl)).status).toBe(204);
    const refused = await worker.call(cached.baseUrl);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('SECRET_PROXY.FORBIDDEN');
  });

  it('refuses a deleted agent in another replica once the cache entry expires', async () => {
    const worker = await connectWorker();
    expect((await worker.call(cached.baseUrl)).status).toBe(200);
    expect((await worker.deleteAgent(other.baseUrl)).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, cacheMs + 100));
    const before = upstream.count;
    const refused = await worker.call(cached.baseUrl);
    expect(refused.status).toBe(403);
    expect(upstream.count).toBe(before);
  });

  it('reuses a placeholder resolution within the TTL and stops once it expires', async () => {
    const worker = await connectWorker();
    expect((await worker.call(cached.baseUrl)).status).toBe(200);
    // Removed behind the app's back (as another replica's sweep would): served from the cache for now…
    await sql(`DELETE FROM proxy_placeholders WHERE id = $1`, [worker.placeholderId]);
    expect((await worker.call(cached.baseUrl)).status).toBe(200);
    // …and refused once the entry has expired.
    await new Promise((resolve) => setTimeout(resolve, cacheMs + 100));
    const refused = await worker.call(cached.baseUrl);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('SECRET_PROXY.FORBIDDEN');
  });
});
