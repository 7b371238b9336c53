import * as net from 'node:net';
import { testEnv } from '../support/app';
import { closeSql, sql } from '../support/db';
import { startFakeTokenEndpoint } from '../support/fake-token-endpoint';
import { http } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { OAuthServer, startOAuthServer } from '../support/oauth-server';
import { PlugboardProcess, spawnPlugboard, stopProcess, waitForStatus } from '../support/process';
import { seedOrg } from '../support/seed';

const PUBLIC_URL = 'http://plugboard.test';
const REDIRECT_URI = `${PUBLIC_URL}/oauth/callback`;
const REDIS_URL = 'redis://127.0.0.1:6379';
// nothing listens here: REDIS_URL is set but every Redis command fails
const DEAD_REDIS_URL = 'redis://127.0.0.1:1';

function redisReachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(6379, '127.0.0.1');
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => done(chunk.toString().startsWith('+PONG')));
  });
}

/** Three real `node dist/main.js` processes on the run's database (npm test builds first). */
async function startCluster(extra: Record<string, string> = {}): Promise<PlugboardProcess[]> {
  const env = testEnv({
    PUBLIC_URL,
    PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600',
    LOG_LEVEL: 'warn',
    ...extra,
  });
  const processes = await Promise.all([0, 1, 2].map(() => spawnPlugboard(env)));
  await Promise.all(processes.map((started) => waitForStatus(started, '/health/live', 200, 60_000)));
  return processes;
}

async function stopCluster(processes: PlugboardProcess[]): Promise<void> {
  await Promise.all(processes.map((started) => stopProcess(started, 'SIGKILL')));
}

describe('token refresh across 3 plugboard processes', () => {
  // three cold Node processes on a shared 2-core machine take a while to boot
  jest.setTimeout(120_000);
  let server: OAuthServer;

  beforeAll(async () => {
    server = await startOAuthServer({ redirectUris: [REDIRECT_URI] });
  });
  afterAll(async () => {
    await server.close();
    await closeSql();
  });

  /** Connects through the real OAuth server, expires the token, fires 50 calls spread over the processes. */
  async function fiftyCallersAfterExpiry(processes: PlugboardProcess[]) {
    const [first] = processes;
    const org = await seedOrg(first.baseUrl);
    const provider = await createProvider(first.baseUrl, org, {
      authorizeUrl: server.authorizeUrl,
      tokenUrl: server.tokenUrl,
      clientId: 'web-post',
      clientSecret: 'web-post-secret',
      scopes: ['openid', 'offline_access'],
    });
    const started = await http(first.baseUrl, 'POST', `/v1/orgs/${org.id}/connections/authorize`, {
      key: org.key,
      body: { provider: provider.key },
    });
    const redirect = await server.authorize(started.body.authorizeUrl, REDIRECT_URI);
    const callback = await http(first.baseUrl, 'GET', `/oauth/callback${redirect.search}`);
    expect(callback.status).toBe(200);
    const id = callback.body.connectionId as string;

    await sql(`UPDATE oauth_connections SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    const before = await server.count('refresh_token');
    // a slow token endpoint makes every caller arrive while the one refresh is in flight
    await server.setTokenDelay(400);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        http(processes[index % 3].baseUrl, 'POST', `/v1/orgs/${org.id}/connections/${id}/access-token`, {
          key: org.key,
        }),
      ),
    );
    await server.setTokenDelay(0);

    for (const answer of answers) expect(answer.status).toBe(200);
    expect(new Set(answers.map((answer) => answer.body.accessToken)).size).toBe(1);
    expect((await server.count('refresh_token')) - before).toBe(1);

    // the stored refresh token is the newest rotation: the server (which rejects a rotated-out
    // refresh token with invalid_grant) accepts it
    const forced = await http(processes[1].baseUrl, 'POST', `/v1/orgs/${org.id}/connections/${id}/refresh`, {
      key: org.key,
    });
    expect(forced.body).toEqual({ ok: true, expiresAt: expect.any(String) });
    expect((await server.count('refresh_token')) - before).toBe(2);
  }

  it('makes exactly 1 token-endpoint call for 50 concurrent callers without Redis (PostgreSQL lease)', async () => {
    const processes = await startCluster();
    try {
      await fiftyCallersAfterExpiry(processes);
    } finally {
      await stopCluster(processes);
    }
  });

  it('makes exactly 1 token-endpoint call for 50 concurrent callers with REDIS_URL (Redis lock)', async () => {
    if (!(await redisReachable())) {
      console.warn(`SKIPPED: Redis is not reachable at ${REDIS_URL}; the Redis-lock variant did not run`);
      return;
    }
    const processes = await startCluster({ REDIS_URL });
    try {
      await fiftyCallersAfterExpiry(processes);
      expect(processes.map((started) => started.output()).join('\n')).not.toContain('falling back');
    } finally {
      await stopCluster(processes);
    }
  });

  it('falls back to the PostgreSQL lease when REDIS_URL is set but Redis is unreachable, still 1 call', async () => {
    const processes = await startCluster({ REDIS_URL: DEAD_REDIS_URL });
    try {
      await fiftyCallersAfterExpiry(processes);
      expect(processes.map((started) => started.output()).join('\n')).toContain(
        'falling back to the PostgreSQL lease',
      );
    } finally {
      await stopCluster(processes);
    }
  });

  it.each([
    ['the PostgreSQL lease', {}],
    ['the Redis lock', { REDIS_URL }],
  ])(
    'lets the next caller refresh after the leader holding %s is killed mid-refresh; nobody waits forever',
    async (_lock, extra: Record<string, string>) => {
      if (extra.REDIS_URL && !(await redisReachable())) {
        console.warn(
          `SKIPPED: Redis is not reachable at ${REDIS_URL}; the Redis leader-crash variant did not run`,
        );
        return;
      }
      const tokenEndpoint = await startFakeTokenEndpoint((_call, index) => ({
        status: 200,
        body: { access_token: `after-crash-${index}`, refresh_token: `r-${index}`, expires_in: 3600 },
        // the first call hangs long enough for its caller to be killed while holding the lease
        delayMs: index === 1 ? 8000 : 0,
      }));
      const processes = await startCluster(extra);
      try {
        const [leader, ...others] = processes;
        const org = await seedOrg(leader.baseUrl);
        const provider = await createProvider(leader.baseUrl, org, { tokenUrl: tokenEndpoint.url });
        const connection = await importConnection(leader.baseUrl, org, provider.key, {
          accessToken: 'old',
          refreshToken: 'r-0',
          expiresIn: 3600,
        });
        await sql(`UPDATE oauth_connections SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
          connection.id,
        ]);
        const path = `/v1/orgs/${org.id}/connections/${connection.id}/access-token`;
        const orphan = http(leader.baseUrl, 'POST', path, { key: org.key }).catch(() => undefined);
        while (tokenEndpoint.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
        await stopProcess(leader, 'SIGKILL');
        await orphan;

        const startedAt = Date.now();
        const answers = await Promise.all(
          Array.from({ length: 10 }, (_, index) =>
            http(others[index % 2].baseUrl, 'POST', path, { key: org.key }),
          ),
        );
        for (const answer of answers) {
          expect(answer.status).toBe(200);
          expect(answer.body.accessToken).toBe('after-crash-2');
        }
        // the waiters took over once the dead leader's lease expired (bounded, well under a minute)
        expect(Date.now() - startedAt).toBeLessThan(45_000);
        expect(tokenEndpoint.calls).toHaveLength(2);
      } finally {
        await stopCluster(processes);
        await tokenEndpoint.close();
      }
    },
    150_000,
  );
});
