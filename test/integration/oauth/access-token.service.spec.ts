import { changesHeard } from '../../support/changes-heard';
import {
  AccessTokenService,
  ConnectionInvalidError,
  ConnectionNotFoundError,
  RefreshUnavailableError,
} from '../../../src/modules/oauth';
import { startApp, TestApp } from '../../support/app';
import { closeSql, sql } from '../../support/db';
import {
  FakeTokenEndpoint,
  slackStyleFailure,
  startFakeTokenEndpoint,
  unavailable,
} from '../../support/fake-token-endpoint';
import { createProvider, importConnection } from '../../support/oauth-fixtures';
import { seedOrg } from '../../support/seed';

describe('AccessTokenService (public surface of the OAuth module)', () => {
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

  async function seedConnection(overrides: Record<string, unknown> = {}) {
    const org = await seedOrg(t.baseUrl);
    const provider = await createProvider(t.baseUrl, org, { tokenUrl: tokenEndpoint.url, ...overrides });
    const connection = await importConnection(t.baseUrl, org, provider.key, {
      accessToken: 'imported-access',
      refreshToken: 'imported-refresh',
      expiresIn: 3600,
    });
    return { org, provider, connection };
  }

  const expire = async (id: string) => {
    await sql(`UPDATE oauth_connections SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    await changesHeard(t);
  };

  it('returns the stored token while it is valid beyond the skew, without calling the provider', async () => {
    const { org, connection } = await seedConnection();
    const before = tokenEndpoint.calls.length;
    const token = await service.getAccessToken(org.id, connection.id);
    expect(token.accessToken).toBe('imported-access');
    expect(token.expiresAt).toBeInstanceOf(Date);
    expect(tokenEndpoint.calls.length).toBe(before);
  });

  it('refreshes an expired token once for 20 concurrent callers, who all get the same new token', async () => {
    const { org, connection } = await seedConnection();
    await expire(connection.id);
    const before = tokenEndpoint.count('refresh_token');
    const tokens = await Promise.all(
      Array.from({ length: 20 }, () => service.getAccessToken(org.id, connection.id)),
    );
    expect(tokenEndpoint.count('refresh_token') - before).toBe(1);
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
    expect(tokens[0].accessToken).toMatch(/^fake-access-/);
    expect(tokenEndpoint.calls.at(-1)?.params.refresh_token).toBe('imported-refresh');
  });

  it('refreshAfterRejection returns an already-replaced token without a call, else refreshes once', async () => {
    const { org, connection } = await seedConnection();
    const before = tokenEndpoint.calls.length;
    const replaced = await service.refreshAfterRejection(org.id, connection.id, 'some-older-token');
    expect(replaced?.accessToken).toBe('imported-access');
    expect(tokenEndpoint.calls.length).toBe(before);

    const refreshed = await service.refreshAfterRejection(org.id, connection.id, 'imported-access');
    expect(refreshed?.accessToken).toMatch(/^fake-access-/);
    expect(tokenEndpoint.calls.length).toBe(before + 1);
  });

  it('refreshes for rejections at most once a minute per connection; the next rejection gets null', async () => {
    const { org, connection } = await seedConnection();
    const before = tokenEndpoint.calls.length;
    const first = await service.refreshAfterRejection(org.id, connection.id, 'imported-access');
    expect(first?.accessToken).toMatch(/^fake-access-/);
    // the new token is rejected as well (a worker provoking 401s): no second refresh this minute
    expect(await service.refreshAfterRejection(org.id, connection.id, first!.accessToken)).toBeNull();
    expect(tokenEndpoint.calls.length).toBe(before + 1);
    const [row] = await sql(`SELECT status FROM oauth_connections WHERE id = $1`, [connection.id]);
    expect(row.status).toBe('ACTIVE');
  });

  it('never refreshes nor invalidates a connection without a refresh token when its token is rejected', async () => {
    const org = await seedOrg(t.baseUrl);
    const provider = await createProvider(t.baseUrl, org, { tokenUrl: tokenEndpoint.url });
    const connection = await importConnection(t.baseUrl, org, provider.key, { accessToken: 'imported-only' });
    const before = tokenEndpoint.calls.length;
    expect(await service.refreshAfterRejection(org.id, connection.id, 'imported-only')).toBeNull();
    expect(tokenEndpoint.calls.length).toBe(before);
    const [row] = await sql(`SELECT status, last_refresh_error FROM oauth_connections WHERE id = $1`, [
      connection.id,
    ]);
    expect(row).toEqual({ status: 'ACTIVE', last_refresh_error: null });
  });

  it('describes a connection with its provider key, API base URL, error style and status', async () => {
    const { org, provider, connection } = await seedConnection({
      apiBaseUrl: 'https://slack.com/api',
      errorStyle: 'slack',
    });
    expect(await service.describeConnection(org.id, connection.id)).toEqual({
      connectionId: connection.id,
      providerKey: provider.key,
      apiBaseUrl: 'https://slack.com/api',
      errorStyle: 'slack',
      status: 'ACTIVE',
    });
  });

  it("throws ConnectionNotFoundError for another org's connection and never calls the provider", async () => {
    const { connection } = await seedConnection();
    const other = await seedOrg(t.baseUrl);
    await expire(connection.id);
    const before = tokenEndpoint.calls.length;
    await expect(service.getAccessToken(other.id, connection.id)).rejects.toThrow(ConnectionNotFoundError);
    await expect(service.refreshAfterRejection(other.id, connection.id, 'x')).rejects.toThrow(
      ConnectionNotFoundError,
    );
    await expect(service.describeConnection(other.id, connection.id)).rejects.toThrow(
      ConnectionNotFoundError,
    );
    expect(tokenEndpoint.calls.length).toBe(before);
  });

  it('throws ConnectionInvalidError after a terminal Slack-style failure, then fails fast', async () => {
    const slack = await startFakeTokenEndpoint(slackStyleFailure('invalid_refresh_token'));
    try {
      const { org, connection } = await seedConnection({ tokenUrl: slack.url, errorStyle: 'slack' });
      await expire(connection.id);
      await expect(service.getAccessToken(org.id, connection.id)).rejects.toThrow(ConnectionInvalidError);
      await expect(service.getAccessToken(org.id, connection.id)).rejects.toThrow(ConnectionInvalidError);
      expect(slack.calls.length).toBe(1);
    } finally {
      await slack.close();
    }
  });

  it('throws RefreshUnavailableError with a retry-after header when the provider fails transiently', async () => {
    const down = await startFakeTokenEndpoint(unavailable());
    try {
      const { org, connection } = await seedConnection({ tokenUrl: down.url });
      await expire(connection.id);
      const error = await service.getAccessToken(org.id, connection.id).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RefreshUnavailableError);
      expect((error as RefreshUnavailableError).httpStatus).toBe(503);
      expect(Number((error as RefreshUnavailableError).headers['retry-after'])).toBeGreaterThanOrEqual(29);
      expect(down.calls.length).toBe(1);
    } finally {
      await down.close();
    }
  });
});
