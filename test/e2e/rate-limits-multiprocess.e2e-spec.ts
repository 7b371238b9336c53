import { randomUUID } from 'node:crypto';
import { testEnv } from '../support/app';
import { closeSql } from '../support/db';
import { http } from '../support/http';
import { waitUntil } from '../support/wait-until';
import { PlugboardProcess, spawnPlugboard, stopProcess, waitForStatus } from '../support/process';
import { seedOrg, SeededOrg } from '../support/seed';

/** Two real `node dist/main.js` processes on the run's database (npm test builds first). */
async function startPair(extra: Record<string, string>): Promise<PlugboardProcess[]> {
  const env = testEnv({
    LOG_LEVEL: 'warn',
    RATE_LIMIT_API_PER_MINUTE: '10',
    RATE_LIMIT_REJECTED_PER_MINUTE: '3',
    ...extra,
  });
  const pair = await Promise.all([0, 1].map(() => spawnPlugboard(env)));
  await Promise.all(pair.map((started) => waitForStatus(started, '/health/live', 200, 60_000)));
  return pair;
}

const read = (target: PlugboardProcess, org: SeededOrg) =>
  http(target.baseUrl, 'GET', `/v1/orgs/${org.id}`, { key: org.key });

describe('rate limit counters across two plugboard processes', () => {
  jest.setTimeout(120_000);
  afterAll(() => closeSql());

  it('shares the counters through Redis: 10 requests per key per minute in all, whichever process answers', async () => {
    const [a, b] = await startPair({
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `pbtest-limits-${randomUUID().slice(0, 8)}`,
    });
    try {
      const org = await seedOrg(a.baseUrl);
      const statuses: number[] = [];
      for (let index = 0; index < 10; index++) statuses.push((await read(index % 2 ? b : a, org)).status);
      expect(statuses).toEqual(Array(10).fill(200));
      const [overA, overB] = [await read(a, org), await read(b, org)];
      expect([overA.status, overB.status]).toEqual([429, 429]);
      expect(overB.body.error.code).toBe('REQUEST.RATE_LIMITED');
      expect(Number(overB.headers.get('retry-after'))).toBeGreaterThan(0);

      // rejections counted by one process block the IP on the other (told through the change
      // channel, so within a moment): 2 + 2 is past 3
      const other = await seedOrg(b.baseUrl);
      for (const target of [a, a, b, b]) {
        expect((await http(target.baseUrl, 'GET', `/v1/orgs/${other.id}`, { key: 'pbk_wrong' })).status).toBe(
          401,
        );
      }
      const blocked = await waitUntil(
        () => read(a, other),
        (answer) => answer.status === 429,
        {
          timeoutMs: 1_000,
        },
      );
      expect(blocked.status).toBe(429);
    } finally {
      await Promise.all([a, b].map((started) => stopProcess(started, 'SIGKILL')));
    }
  });

  it('counts in each process alone without Redis', async () => {
    const [a, b] = await startPair({});
    try {
      const org = await seedOrg(a.baseUrl);
      const statuses: number[] = [];
      for (let index = 0; index < 10; index++) statuses.push((await read(a, org)).status);
      expect(statuses).toEqual(Array(10).fill(200));
      expect((await read(a, org)).status).toBe(429);
      // the other process has seen none of them
      expect((await read(b, org)).status).toBe(200);
    } finally {
      await Promise.all([a, b].map((started) => stopProcess(started, 'SIGKILL')));
    }
  });
});
