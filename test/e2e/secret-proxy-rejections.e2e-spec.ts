import { randomUUID } from 'node:crypto';
import { startApp, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { EchoUpstream } from '../support/echo-upstream';
import { FakeTokenEndpoint, startFakeTokenEndpoint } from '../support/fake-token-endpoint';
import { http, HttpResult } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { seedIntegration, SeededOrg, seedOrg } from '../support/seed';

/**
 * A worker controls everything it sends: it can put its placeholder in a header the upstream ignores
 * and junk in Authorization, and collect 401s at will. Those must cost the connection nothing.
 */
describe('secret proxy: upstream rejections a worker can provoke', () => {
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
    connectionId: string;
    accessToken: string;
    /** GET /proxy/<provider>/items with the placeholder in x-api-key and `authorization` as given. */
    call(authorization?: string): Promise<HttpResult>;
  }

  async function connectWorker(tokens: { refreshToken?: string }): Promise<Worker> {
    const org = await seedOrg(t.baseUrl);
    const provider = await createProvider(t.baseUrl, org, {
      tokenUrl: tokenEndpoint.url,
      apiBaseUrl: upstream.url,
    });
    const accessToken = `rejected-access-${randomUUID()}`;
    const connection = await importConnection(t.baseUrl, org, provider.key, {
      accessToken,
      expiresIn: 3600,
      ...tokens,
    });
    const agent = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/agents`, {
      key: org.key,
      body: { name: 'w' },
    });
    const base = `/v1/orgs/${org.id}/agents/${agent.body.id}`;
    const token = await http(t.baseUrl, 'POST', `${base}/worker-tokens`, { key: org.key, body: {} });
    const placeholder = await http(t.baseUrl, 'POST', `${base}/placeholders`, {
      key: org.key,
      body: { connectionId: connection.id },
    });
    return {
      org,
      connectionId: connection.id,
      accessToken,
      call: (authorization = 'Bearer junk-the-upstream-rejects') =>
        http(t.baseUrl, 'GET', `/proxy/${provider.key}/items`, {
          headers: {
            'proxy-authorization': `Bearer ${token.body.token}`,
            'x-api-key': placeholder.body.placeholder,
            authorization,
          },
        }),
    };
  }

  /** The upstream rejects every request (whatever token it carries). */
  function rejectEverything(): void {
    upstream.respondWith((_request, response) => {
      response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
      response.end(JSON.stringify({ error: 'unauthorized' }));
    });
  }

  async function connectionState(connectionId: string) {
    const [row] = await sql(
      `SELECT status, last_refresh_error, token_version FROM oauth_connections WHERE id = $1`,
      [connectionId],
    );
    return row;
  }

  it('returns the 401 as is for a connection without a refresh token: still ACTIVE, integrations ENABLED, no token call', async () => {
    const worker = await connectWorker({});
    const integration = await seedIntegration(t.baseUrl, worker.org, {
      connectionIds: [worker.connectionId],
    });
    rejectEverything();
    const before = tokenEndpoint.calls.length;
    for (let i = 0; i < 3; i++) {
      const answer = await worker.call();
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: 'unauthorized' });
    }
    expect(upstream.count).toBe(3);
    expect(tokenEndpoint.calls.length).toBe(before);
    expect(await connectionState(worker.connectionId)).toEqual({
      status: 'ACTIVE',
      last_refresh_error: null,
      token_version: 1,
    });
    const read = await http(t.baseUrl, 'GET', `/v1/orgs/${worker.org.id}/integrations/${integration.id}`, {
      key: worker.org.key,
    });
    expect(read.body.status).toBe('ENABLED');
  });

  it('refreshes a refreshable connection for a rejection at most once a minute, however many 401s follow', async () => {
    const worker = await connectWorker({ refreshToken: `rejected-refresh-${randomUUID()}` });
    rejectEverything();
    const before = tokenEndpoint.calls.length;
    for (let i = 0; i < 5; i++) expect((await worker.call()).status).toBe(401);
    expect(tokenEndpoint.calls.length - before).toBe(1);
    // the first 401 bought a refresh and one retry; the other four went back as they were
    expect(upstream.count).toBe(6);
    const state = await connectionState(worker.connectionId);
    expect(state.status).toBe('ACTIVE');
    expect(state.token_version).toBe(2);
  });

  it('hides the real token where an upstream echoes it in a response header', async () => {
    const worker = await connectWorker({});
    upstream.respondWith((request, response) => {
      response.writeHead(200, {
        'content-type': 'application/json',
        'x-debug-credential': String(request.headers['x-api-key']),
      });
      response.end('{}');
    });
    const answer = await worker.call('Bearer not-a-placeholder');
    expect(answer.status).toBe(200);
    expect(upstream.last().headers['x-api-key']).toBe(worker.accessToken);
    expect(answer.headers.get('x-debug-credential')).toMatch(/^pb_secret_[0-9a-f-]{36}$/);
    expect(answer.text).not.toContain(worker.accessToken);
  });
});
