import { changesHeard } from '../../support/changes-heard';
import { ConnectionTokens } from '../../../src/modules/oauth/connection-tokens';
import { ConnectionsRepository } from '../../../src/modules/oauth/connections.repository';
import { ProactiveRefreshScheduler } from '../../../src/modules/oauth/proactive-refresh.scheduler';
import { ProvidersRepository } from '../../../src/modules/oauth/providers.repository';
import { AccessTokenService, RefreshUnavailableError } from '../../../src/modules/oauth';
import { startApp, TestApp } from '../../support/app';
import { closeSql, sql } from '../../support/db';
import {
  FakeTokenEndpoint,
  issueRotatingTokens,
  startFakeTokenEndpoint,
  unavailable,
} from '../../support/fake-token-endpoint';
import { http } from '../../support/http';
import { createProvider, importConnection } from '../../support/oauth-fixtures';
import { seedOrg } from '../../support/seed';

describe('refresh coalescing, version-checked writes, backoff and the proactive job', () => {
  let t: TestApp;
  let tokenEndpoint: FakeTokenEndpoint;
  let service: AccessTokenService;

  beforeAll(async () => {
    t = await startApp({ PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600' });
    tokenEndpoint = await startFakeTokenEndpoint();
    service = t.app.get(AccessTokenService);
  });
  afterAll(async () => {
    await t.close();
    await tokenEndpoint.close();
    await closeSql();
  });
  afterEach(() => tokenEndpoint.respondWith(issueRotatingTokens));

  async function seedConnection(tokenUrl = tokenEndpoint.url, expiresIn: number | null = 3600) {
    const org = await seedOrg(t.baseUrl);
    const provider = await createProvider(t.baseUrl, org, { tokenUrl });
    const connection = await importConnection(t.baseUrl, org, provider.key, {
      accessToken: 'imported-access',
      refreshToken: 'imported-refresh',
      ...(expiresIn ? { expiresIn } : {}),
    });
    return { org, provider, connection };
  }

  const expire = async (id: string) => {
    await sql(`UPDATE oauth_connections SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    await changesHeard(t);
  };

  describe('version-checked token writes', () => {
    it('lets exactly one of two writers with the same starting version win', async () => {
      const { org, provider, connection } = await seedConnection();
      const repository = t.app.get(ConnectionsRepository);
      const tokens = t.app.get(ConnectionTokens);
      const providerEntity = await t.app.get(ProvidersRepository).findForOrg(org.id, provider.id);
      const seal = (accessToken: string) =>
        tokens.seal(connection.id, providerEntity!, {
          accessToken,
          refreshToken: 'r',
          expiresInSeconds: 60,
          scope: null,
        });
      const results = await Promise.all([
        repository.storeRefreshedTokens(org.id, connection.id, 1, seal('writer-a')),
        repository.storeRefreshedTokens(org.id, connection.id, 1, seal('writer-b')),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const [row] = await sql('SELECT token_version FROM oauth_connections WHERE id = $1', [connection.id]);
      expect(row.token_version).toBe(2);
    });

    it('makes a refresh that lost the race adopt the newer stored token instead of overwriting it', async () => {
      const { org, provider, connection } = await seedConnection();
      await expire(connection.id);
      tokenEndpoint.respondWith((call, index) => ({ ...issueRotatingTokens(call, index), delayMs: 500 }));
      const pending = service.getAccessToken(org.id, connection.id);
      await new Promise((resolve) => setTimeout(resolve, 150));
      // a reconnect lands while the provider call is in flight
      const providerEntity = await t.app.get(ProvidersRepository).findForOrg(org.id, provider.id);
      const sealed = t.app.get(ConnectionTokens).seal(connection.id, providerEntity!, {
        accessToken: 'reconnected-access',
        refreshToken: 'reconnected-refresh',
        expiresInSeconds: 3600,
        scope: null,
      });
      await t.app.get(ConnectionsRepository).replaceTokensAfterReconnect(org.id, connection.id, sealed);
      expect((await pending).accessToken).toBe('reconnected-access');
      expect((await service.getAccessToken(org.id, connection.id)).accessToken).toBe('reconnected-access');
    });
  });

  describe('transient failures back off per connection', () => {
    it('makes exactly 1 provider call for 100 calls over 10 s, answers 503 with Retry-After, stays ACTIVE, then refreshes after the backoff', async () => {
      const down = await startFakeTokenEndpoint(unavailable());
      try {
        const { org, connection } = await seedConnection(down.url);
        await expire(connection.id);
        const answers = [];
        for (let index = 0; index < 100; index += 1) {
          answers.push(
            http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections/${connection.id}/access-token`, {
              key: org.key,
            }),
          );
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        for (const answer of await Promise.all(answers)) {
          expect(answer.status).toBe(503);
          expect(answer.body.error.code).toBe('CONNECTION.REFRESH_UNAVAILABLE');
          const retryAfter = Number(answer.headers.get('retry-after'));
          expect(retryAfter).toBeGreaterThanOrEqual(1);
          expect(retryAfter).toBeLessThanOrEqual(30);
        }
        expect(down.calls).toHaveLength(1);
        const [row] = await sql(
          'SELECT status, refresh_failure_count, refresh_retry_at > now() AS backing_off FROM oauth_connections WHERE id = $1',
          [connection.id],
        );
        expect(row).toEqual({ status: 'ACTIVE', refresh_failure_count: 1, backing_off: true });

        // the backoff window passes (moved instead of waited for) and the provider recovered
        down.respondWith(issueRotatingTokens);
        await sql(
          `UPDATE oauth_connections SET refresh_retry_at = now() - interval '1 second' WHERE id = $1`,
          [connection.id],
        );
        const token = await service.getAccessToken(org.id, connection.id);
        expect(token.accessToken).toMatch(/^fake-access-/);
        expect(down.calls).toHaveLength(2);
        const [healed] = await sql(
          'SELECT refresh_failure_count, refresh_retry_at, last_refresh_error FROM oauth_connections WHERE id = $1',
          [connection.id],
        );
        expect(healed).toEqual({
          refresh_failure_count: 0,
          refresh_retry_at: null,
          last_refresh_error: null,
        });
      } finally {
        await down.close();
      }
    });

    it('doubles the backoff per consecutive failure and honours a longer Retry-After', async () => {
      const down = await startFakeTokenEndpoint(unavailable());
      try {
        const { org, connection } = await seedConnection(down.url);
        await expire(connection.id);
        const retryAfters: number[] = [];
        for (let attempt = 0; attempt < 2; attempt += 1) {
          const error = await service
            .getAccessToken(org.id, connection.id)
            .catch((caught: unknown) => caught);
          expect(error).toBeInstanceOf(RefreshUnavailableError);
          retryAfters.push(Number((error as RefreshUnavailableError).headers['retry-after']));
          await sql(`UPDATE oauth_connections SET refresh_retry_at = now() WHERE id = $1`, [connection.id]);
        }
        down.respondWith(unavailable('300'));
        const error = await service.getAccessToken(org.id, connection.id).catch((caught: unknown) => caught);
        retryAfters.push(Number((error as RefreshUnavailableError).headers['retry-after']));
        expect(retryAfters[0]).toBeGreaterThanOrEqual(29);
        expect(retryAfters[0]).toBeLessThanOrEqual(30);
        expect(retryAfters[1]).toBeGreaterThanOrEqual(59);
        expect(retryAfters[1]).toBeLessThanOrEqual(60);
        expect(retryAfters[2]).toBeGreaterThanOrEqual(299);
        expect(retryAfters[2]).toBeLessThanOrEqual(300);
        expect(down.calls).toHaveLength(3);
      } finally {
        await down.close();
      }
    });
  });

  describe('proactive refresh job', () => {
    it('refreshes connections expiring soon and leaves fresh and non-expiring ones alone', async () => {
      const soon = await seedConnection(tokenEndpoint.url, 120);
      const later = await seedConnection(tokenEndpoint.url, 86400);
      const forever = await seedConnection(tokenEndpoint.url, null);
      // the job is global: it may also pick up other suites' connections in the run database
      const count = await t.app.get(ProactiveRefreshScheduler).refreshDueConnections();
      expect(count).toBeGreaterThanOrEqual(1);
      const expiries = await sql(
        'SELECT id, expires_at, token_version FROM oauth_connections WHERE id = ANY($1)',
        [[soon.connection.id, later.connection.id, forever.connection.id]],
      );
      const byId = new Map(expiries.map((row) => [row.id, row.expires_at as Date | null]));
      const versions = new Map(expiries.map((row) => [row.id, row.token_version as number]));
      expect(versions.get(soon.connection.id)).toBe(2);
      expect(versions.get(later.connection.id)).toBe(1);
      expect(versions.get(forever.connection.id)).toBe(1);
      expect(byId.get(soon.connection.id)!.getTime()).toBeGreaterThan(Date.now() + 3000 * 1000);
      expect(byId.get(later.connection.id)!.toISOString()).toBe(later.connection.expiresAt);
      expect(byId.get(forever.connection.id)).toBeNull();
      expect((await service.getAccessToken(soon.org.id, soon.connection.id)).accessToken).toMatch(
        /^fake-access-/,
      );
    });
  });

  it('exposes refresh attempts by outcome and the lock wait histogram on /metrics', async () => {
    const { org, connection } = await seedConnection();
    await expire(connection.id);
    await Promise.all(Array.from({ length: 5 }, () => service.getAccessToken(org.id, connection.id)));
    const metrics = await http(t.baseUrl, 'GET', '/metrics');
    expect(metrics.text).toMatch(/plugboard_oauth_refresh_attempts_total\{outcome="ok"\} \d+/);
    expect(metrics.text).toMatch(/plugboard_oauth_refresh_attempts_total\{outcome="coalesced"\} \d+/);
    expect(metrics.text).toContain('plugboard_oauth_refresh_lock_wait_seconds_bucket');
  });
});
