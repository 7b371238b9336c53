import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ChangeChannel, LISTEN_APPLICATION_NAME } from '../../src/database';
import { startApp, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { EchoUpstream } from '../support/echo-upstream';
import { FakeTokenEndpoint, startFakeTokenEndpoint } from '../support/fake-token-endpoint';
import { http, HttpResult } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { SeededOrg, seedOrg } from '../support/seed';
import { TcpProxy } from '../support/tcp-proxy';
import { testState } from '../support/test-state';
import { waitUntil } from '../support/wait-until';

interface Worker {
  org: SeededOrg;
  providerKey: string;
  connectionId: string;
  placeholderId: string;
  call(): Promise<HttpResult>;
  accessToken(): Promise<HttpResult>;
}

async function connectWorker(baseUrl: string, upstream: EchoUpstream, tokenUrl: string): Promise<Worker> {
  const org = await seedOrg(baseUrl);
  const provider = await createProvider(baseUrl, org, { tokenUrl, apiBaseUrl: upstream.url });
  const connection = await importConnection(baseUrl, org, provider.key, {
    accessToken: `channel-access-${randomUUID()}`,
    refreshToken: `channel-refresh-${randomUUID()}`,
    expiresIn: 3600,
  });
  const agent = await http(baseUrl, 'POST', `/v1/orgs/${org.id}/agents`, {
    key: org.key,
    body: { name: 'c' },
  });
  const base = `/v1/orgs/${org.id}/agents/${agent.body.id}`;
  const token = await http(baseUrl, 'POST', `${base}/worker-tokens`, { key: org.key, body: {} });
  const placeholder = await http(baseUrl, 'POST', `${base}/placeholders`, {
    key: org.key,
    body: { connectionId: connection.id },
  });
  return {
    org,
    providerKey: provider.key,
    connectionId: connection.id,
    placeholderId: placeholder.body.id,
    call: () =>
      http(baseUrl, 'GET', `/proxy/${provider.key}/items`, {
        headers: {
          'proxy-authorization': `Bearer ${token.body.token}`,
          authorization: `Bearer ${placeholder.body.placeholder}`,
        },
      }),
    accessToken: () =>
      http(baseUrl, 'POST', `/v1/orgs/${org.id}/connections/${connection.id}/access-token`, { key: org.key }),
  };
}

/** The tables a warm request could read: an ACCESS EXCLUSIVE lock makes any read of them wait. */
const RESOLUTION_TABLES = [
  'organizations',
  'api_keys',
  'proxy_agents',
  'proxy_worker_tokens',
  'proxy_placeholders',
  'oauth_connections',
  'oauth_providers',
];

describe('the change channel and the caches it keeps true', () => {
  jest.setTimeout(60_000);
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

  it('serves a warm proxied request and a warm access-token call without a database round trip', async () => {
    const worker = await connectWorker(t.baseUrl, upstream, tokenEndpoint.url);
    for (let i = 0; i < 2; i++) {
      expect((await worker.call()).status).toBe(200);
      expect((await worker.accessToken()).status).toBe(200);
    }
    const locker = new Client({ connectionString: testState().databaseUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      // every table the warm paths would read is now unreadable until the ROLLBACK
      await locker.query(`LOCK TABLE ${RESOLUTION_TABLES.join(', ')} IN ACCESS EXCLUSIVE MODE`);
      const before = upstream.count;
      const started = Date.now();
      const [proxied, token] = await Promise.all([worker.call(), worker.accessToken()]);
      expect(proxied.status).toBe(200);
      expect(token.status).toBe(200);
      expect(upstream.count).toBe(before + 1);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });

  it('remembers unknown ingress targets: a flood for a made-up instance reads no table; a new integration answers at once', async () => {
    const org = await seedOrg(t.baseUrl);
    const instanceId = `made-up-${randomUUID().slice(0, 8)}`;
    const post = () => http(t.baseUrl, 'POST', `/ingress/generic/${instanceId}/events`, { body: { n: 1 } });
    expect((await post()).status).toBe(404);
    const locker = new Client({ connectionString: testState().databaseUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE integrations IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const answers = await Promise.all(Array.from({ length: 20 }, post));
      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(404));
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    const created = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/integrations`, {
      key: org.key,
      body: {
        name: 'late',
        plugin: 'generic',
        instanceId,
        deliveryUrl: 'http://127.0.0.1:9/x',
        ingress: { scheme: 'none' },
      },
    });
    expect(created.status).toBe(201);
    const accepted = await http(t.baseUrl, 'POST', `/ingress/generic/${created.body.instanceId}/events`, {
      body: { n: 2 },
    });
    expect(accepted.status).toBe(202);
  });

  it('drops every cache when its listen session is terminated, so a change made meanwhile is seen', async () => {
    const worker = await connectWorker(t.baseUrl, upstream, tokenEndpoint.url);
    for (let i = 0; i < 2; i++) expect((await worker.call()).status).toBe(200);
    const sessions = await sql<{ pid: number }>(
      `SELECT pg_terminate_backend(pid), pid FROM pg_stat_activity
        WHERE application_name = $1 AND datname = current_database()`,
      [LISTEN_APPLICATION_NAME],
    );
    expect(sessions.length).toBeGreaterThan(0);
    const pids = sessions.map((session) => session.pid);
    await waitUntil(
      () => sql(`SELECT pid FROM pg_stat_activity WHERE pid = ANY($1)`, [pids]),
      (rows) => rows.length === 0,
    );
    // this notification goes to nobody: the session that would have heard it is gone
    await sql(`DELETE FROM proxy_placeholders WHERE id = $1`, [worker.placeholderId]);
    const before = upstream.count;
    const refused = await worker.call();
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('SECRET_PROXY.FORBIDDEN');
    expect(upstream.count).toBe(before);
    expect(t.logs.messages()).toContain(
      'change channel lost; caches dropped, every lookup reads the database until it is back',
    );
    // and it comes back by itself
    const channel = t.app.get(ChangeChannel);
    expect(
      await waitUntil(
        async () => channel.isLive,
        (live) => live,
      ),
    ).toBe(true);
  });
});

describe('fail closed on a warm cache when the database goes away', () => {
  jest.setTimeout(60_000);

  it('answers 503 ORG_UNRESOLVED and forwards nothing once the database connection is cut', async () => {
    const upstream = await EchoUpstream.start();
    const tokenEndpoint = await startFakeTokenEndpoint();
    const server = new URL(testState().databaseUrl);
    const tcp = await TcpProxy.start(server.hostname, Number(server.port || 5432));
    const proxied = new URL(server.toString());
    proxied.host = `127.0.0.1:${tcp.port}`;
    const t = await startApp({ DATABASE_URL: proxied.toString() });
    try {
      const worker = await connectWorker(t.baseUrl, upstream, tokenEndpoint.url);
      for (let i = 0; i < 2; i++) expect((await worker.call()).status).toBe(200);
      const channel = t.app.get(ChangeChannel);
      expect(channel.isLive).toBe(true);

      tcp.cut();
      expect(
        await waitUntil(
          async () => channel.isLive,
          (live) => !live,
        ),
      ).toBe(false);
      const before = upstream.count;
      const refused = await worker.call();
      expect(refused.status).toBe(503);
      expect(refused.body.error.code).toBe('SECRET_PROXY.ORG_UNRESOLVED');
      expect(upstream.count).toBe(before);

      // back: the caches fill again from the database
      tcp.restore();
      expect(
        await waitUntil(
          async () => channel.isLive,
          (live) => live,
          { timeoutMs: 15_000 },
        ),
      ).toBe(true);
      const again = await waitUntil(worker.call, (answer) => answer.status === 200, { timeoutMs: 15_000 });
      expect(again.status).toBe(200);
    } finally {
      await t.close().catch(() => undefined);
      await tcp.close();
      await upstream.close();
      await tokenEndpoint.close();
    }
  });
});
