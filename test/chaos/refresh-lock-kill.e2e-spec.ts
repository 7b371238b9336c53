import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { testEnv } from '../support/app';
import { closeSql, sql } from '../support/db';
import { startFakeTokenEndpoint } from '../support/fake-token-endpoint';
import { http } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { OwnRedis } from '../support/own-services';
import {
  freePort,
  PlugboardProcess,
  spawnPlugboard,
  stopProcess,
  waitForStatus,
  WORKER_JS,
} from '../support/process';
import { seedOrg } from '../support/seed';
import { testState } from '../support/test-state';

/**
 * The leader-crash variants for `dist/main.js` callers live in test/e2e/oauth-refresh-multiprocess;
 * this one kills a `dist/worker.js` whose proactive refresh holds the Redis lock. It runs on a
 * database of its own so a 1 s proactive-refresh tick never touches another suite's connections.
 */
describe('chaos: kill -9 of a worker holding the refresh lock', () => {
  jest.setTimeout(120_000);
  const database = `plugboard_chaos_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const processes: PlugboardProcess[] = [];
  let redis: OwnRedis;
  let databaseUrl: string;

  beforeAll(async () => {
    await sql(`CREATE DATABASE ${database}`);
    const url = new URL(testState().databaseUrl);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
    redis = await OwnRedis.create();
  });
  afterAll(async () => {
    await Promise.all(processes.map((started) => stopProcess(started, 'SIGKILL')));
    await sql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await closeSql();
    await redis?.stop();
  });

  it('lets the API refresh once the dead worker lock lapses: no stuck lock, one more provider call', async () => {
    const tokenEndpoint = await startFakeTokenEndpoint((_call, index) => ({
      status: 200,
      body: { access_token: `after-crash-${index}`, refresh_token: `r-${index}`, expires_in: 3600 },
      // the worker's call hangs long enough for it to be killed while holding the lock
      delayMs: index === 1 ? 10_000 : 0,
    }));
    try {
      const env = testEnv({
        DATABASE_URL: databaseUrl,
        REDIS_URL: redis.url,
        LOG_LEVEL: 'warn',
        PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600',
      });
      const api = await spawnPlugboard({ ...env, PROCESS_ROLE: 'api' });
      processes.push(api);
      await waitForStatus(api, '/health/ready', 200, 60_000);
      const org = await seedOrg(api.baseUrl);
      const provider = await createProvider(api.baseUrl, org, { tokenUrl: tokenEndpoint.url });
      // due for a proactive refresh (within the skew), not yet expired
      const connection = await importConnection(api.baseUrl, org, provider.key, {
        accessToken: 'old',
        refreshToken: 'r-0',
        expiresIn: 60,
      });

      const port = String(await freePort());
      const worker = await spawnPlugboard(
        { ...env, PORT: port, WORKER_PORT: port, PROACTIVE_REFRESH_INTERVAL_SECONDS: '1' },
        WORKER_JS,
      );
      processes.push(worker);
      const deadline = Date.now() + 60_000;
      while (tokenEndpoint.calls.length === 0) {
        if (Date.now() > deadline) throw new Error(`worker never refreshed:\n${worker.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await stopProcess(worker, 'SIGKILL');

      const db = new Client({ connectionString: databaseUrl });
      await db.connect();
      await db.query(`UPDATE oauth_connections SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
        connection.id,
      ]);
      await db.end();
      const startedAt = Date.now();
      const path = `/v1/orgs/${org.id}/connections/${connection.id}/access-token`;
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => http(api.baseUrl, 'POST', path, { key: org.key })),
      );
      const tookMs = Date.now() - startedAt;
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(answer.body.accessToken).toBe('after-crash-2');
      }
      expect(tookMs).toBeLessThan(45_000);
      expect(tokenEndpoint.calls).toHaveLength(2);
      console.log(
        `[chaos refresh-lock-kill] API callers got a fresh token ${tookMs} ms after the worker died`,
      );
    } finally {
      await tokenEndpoint.close();
    }
  });
});
