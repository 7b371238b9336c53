import { randomUUID } from 'node:crypto';
import { testEnv } from '../support/app';
import { closeSql, sql } from '../support/db';
import { OwnRedis } from '../support/own-services';
import {
  freePort,
  PlugboardProcess,
  spawnPlugboard,
  stopProcess,
  waitForStatus,
  WORKER_JS,
} from '../support/process';
import { testState } from '../support/test-state';

describe('chaos: the production topology starting at once on a fresh database', () => {
  jest.setTimeout(120_000);
  const database = `plugboard_chaos_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const processes: PlugboardProcess[] = [];
  let redis: OwnRedis;

  beforeAll(async () => {
    await sql(`CREATE DATABASE ${database}`);
    redis = await OwnRedis.create();
  });
  afterAll(async () => {
    await Promise.all(processes.map((started) => stopProcess(started, 'SIGKILL')));
    await sql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await closeSql();
    await redis?.stop();
  });

  it('2 API processes and 2 workers started together all apply/await migrations and become ready', async () => {
    const url = new URL(testState().databaseUrl);
    url.pathname = `/${database}`;
    const env = testEnv({ DATABASE_URL: url.toString(), REDIS_URL: redis.url, LOG_LEVEL: 'warn' });
    const ports = await Promise.all([0, 1].map(() => freePort()));
    processes.push(
      ...(await Promise.all([
        spawnPlugboard({ ...env, PROCESS_ROLE: 'api' }),
        spawnPlugboard({ ...env, PROCESS_ROLE: 'api' }),
        ...ports.map((port) =>
          spawnPlugboard({ ...env, PORT: String(port), WORKER_PORT: String(port) }, WORKER_JS),
        ),
      ])),
    );
    await Promise.all(processes.map((started) => waitForStatus(started, '/health/ready', 200, 90_000)));
    for (const started of processes) expect(started.output()).not.toContain('start-up failed');
  });
});
