import { TestApp } from '../support/app';
import {
  FakeTokenEndpoint,
  slackStyleFailure,
  startFakeTokenEndpoint,
  unavailable,
} from '../support/fake-token-endpoint';
import { OAuthServer } from '../support/oauth-server';
import { CREDENTIAL_INVALIDATED, REAUTH_SUCCEEDED } from '../../src/shared/events';
import { sql } from '../support/db';
import { http } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { seedIntegration, seedOrg } from '../support/seed';
import { openStored } from '../support/stored-secrets';
import { useOAuthHarness } from '../support/oauth-harness';

describe('OAuth token refresh over HTTP', () => {
  const harness = useOAuthHarness();
  const { events, eventsFor, oidcProvider, connect, expire, refresh, accessToken, getConnection } = harness;
  let t: TestApp;
  let server: OAuthServer;
  let fake: FakeTokenEndpoint;
  beforeAll(() => ({ t, server, fake } = harness.running()));
  describe('refresh', () => {
    it('refreshes with the rotating refresh token and serves the new access token', async () => {
      const org = await seedOrg(t.baseUrl);
      const provider = await oidcProvider(org);
      const { callback } = await connect(org, { provider: provider.key });
      const id = callback.body.connectionId;
      const first = (await accessToken(org, id)).body.accessToken;
      const [before] = await sql('SELECT refresh_token_encrypted FROM oauth_connections WHERE id = $1', [id]);
      const calls = await server.count('refresh_token');

      const refreshed = await refresh(org, id);
      expect(refreshed.status).toBe(200);
      expect(refreshed.body).toEqual({ ok: true, expiresAt: expect.any(String) });
      expect(await server.count('refresh_token')).toBe(calls + 1);
      const second = (await accessToken(org, id)).body.accessToken;
      expect(second).not.toBe(first);
      const [after] = await sql('SELECT refresh_token_encrypted FROM oauth_connections WHERE id = $1', [id]);
      expect(openStored(after.refresh_token_encrypted, 'connectionRefreshToken', id)).not.toBe(
        openStored(before.refresh_token_encrypted, 'connectionRefreshToken', id),
      );

      // the access-token endpoint refreshes by itself once the token is inside the skew
      await expire(id);
      const third = await accessToken(org, id);
      expect(third.status).toBe(200);
      expect(third.body.accessToken).not.toBe(second);
      expect(await server.count('refresh_token')).toBe(calls + 2);
    });

    it('marks a revoked grant INVALID (terminal, integrations ERROR, DISABLED kept), blocks refresh; a reconnect restores ERROR and DISABLED only', async () => {
      const org = await seedOrg(t.baseUrl);
      const provider = await oidcProvider(org);
      const { callback } = await connect(org, { provider: provider.key });
      const id = callback.body.connectionId;
      // integrations using the connection, one per status (NEEDS_CONFIG/PROCESSING have no API to set them)
      const integrationIn: Record<string, string> = {};
      for (const status of ['ENABLED', 'DISABLED', 'NEEDS_CONFIG', 'PROCESSING']) {
        const integration = await seedIntegration(t.baseUrl, org, { connectionIds: [id] });
        await sql('UPDATE integrations SET status = $2 WHERE id = $1', [integration.id, status]);
        integrationIn[status] = integration.id;
      }
      const integrationStatuses = async () =>
        Object.fromEntries(
          await Promise.all(
            Object.entries(integrationIn).map(async ([initial, integrationId]) => {
              const read = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/integrations/${integrationId}`, {
                key: org.key,
              });
              return [initial, read.body.status];
            }),
          ),
        );
      const [row] = await sql('SELECT refresh_token_encrypted FROM oauth_connections WHERE id = $1', [id]);
      const revoked = await fetch(server.revocationUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token: openStored(row.refresh_token_encrypted, 'connectionRefreshToken', id),
          token_type_hint: 'refresh_token',
          client_id: 'web-post',
          client_secret: 'web-post-secret',
        }),
      });
      expect(revoked.status).toBe(200);

      const calls = await server.count('refresh_token');
      const result = await refresh(org, id);
      expect(result.body).toEqual({ ok: false, errorCode: 'invalid_grant', terminal: true });
      expect(await server.count('refresh_token')).toBe(calls + 1);
      const connection = (await getConnection(org, id)).body;
      expect(connection.status).toBe('INVALID');
      expect(connection.lastRefreshError).toBe('invalid_grant');
      expect(new Date(connection.refreshBlockedUntil).getTime()).toBeGreaterThan(Date.now() + 3500 * 1000);
      expect(eventsFor(id)).toEqual([CREDENTIAL_INVALIDATED]);
      expect(events.find((event) => event.payload.connectionId === id)?.payload).toEqual({
        orgId: org.id,
        connectionId: id,
        reason: 'invalid_grant',
      });
      // the dead credential sends its integrations to ERROR; DISABLED is the user's choice and stays
      expect(await integrationStatuses()).toEqual({
        ENABLED: 'ERROR',
        DISABLED: 'DISABLED',
        NEEDS_CONFIG: 'ERROR',
        PROCESSING: 'ERROR',
      });

      // the terminal-failure cache: 20 more calls answer at once and never reach the provider
      await expire(id);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, index) => (index % 2 ? accessToken(org, id) : refresh(org, id))),
      );
      for (const [index, answer] of answers.entries()) {
        if (index % 2) {
          expect(answer.status).toBe(409);
          expect(answer.body.error.code).toBe('CONNECTION.INVALID');
        } else {
          expect(answer.body).toEqual({ ok: false, errorCode: 'invalid_grant', terminal: true });
        }
      }
      expect(await server.count('refresh_token')).toBe(calls + 1);
      expect(eventsFor(id)).toEqual([CREDENTIAL_INVALIDATED]);

      // NEEDS_CONFIG / PROCESSING are states a reconnect must not touch: put two integrations there
      await sql('UPDATE integrations SET status = $2 WHERE id = $1', [
        integrationIn.NEEDS_CONFIG,
        'NEEDS_CONFIG',
      ]);
      await sql('UPDATE integrations SET status = $2 WHERE id = $1', [
        integrationIn.PROCESSING,
        'PROCESSING',
      ]);

      // reconnect: ACTIVE again, block cleared, REAUTH_SUCCEEDED, refresh works again
      const reconnect = await connect(org, { provider: provider.key, connectionId: id });
      expect(reconnect.callback.status).toBe(200);
      expect(reconnect.callback.body).toEqual({ connectionId: id, reconnected: true });
      const restored = (await getConnection(org, id)).body;
      expect(restored).toMatchObject({
        status: 'ACTIVE',
        lastRefreshError: null,
        refreshBlockedUntil: null,
        isRefreshable: true,
      });
      expect(eventsFor(id)).toEqual([CREDENTIAL_INVALIDATED, REAUTH_SUCCEEDED]);
      // the reconnect brings ERROR and DISABLED integrations back to ENABLED, one log line per flip
      expect(await integrationStatuses()).toEqual({
        ENABLED: 'ENABLED',
        DISABLED: 'ENABLED',
        NEEDS_CONFIG: 'NEEDS_CONFIG',
        PROCESSING: 'PROCESSING',
      });
      expect(t.logs.messages()).toContain(
        `Restoring integration ${integrationIn.ENABLED} from ERROR to ENABLED after successful re-auth (connection=${id})`,
      );
      expect(t.logs.messages()).toContain(
        `Restoring integration ${integrationIn.DISABLED} from DISABLED to ENABLED after successful re-auth (connection=${id})`,
      );
      expect((await refresh(org, id)).body).toEqual({ ok: true, expiresAt: expect.any(String) });
      expect((await accessToken(org, id)).status).toBe(200);
    });

    it('imports tokens without a refresh token as isRefreshable:false; a refresh makes zero calls and invalidates', async () => {
      const org = await seedOrg(t.baseUrl);
      const provider = await createProvider(t.baseUrl, org, { tokenUrl: fake.url });
      const created = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections`, {
        key: org.key,
        body: {
          provider: provider.key,
          tokens: { accessToken: 'only-access', expiresIn: 60 },
          externalAccountId: 'T123',
        },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        provider: provider.key,
        status: 'ACTIVE',
        isRefreshable: false,
        externalAccountId: 'T123',
      });
      expect(created.text).not.toContain('only-access');
      const calls = fake.calls.length;
      const result = await refresh(org, created.body.id);
      expect(result.body).toEqual({ ok: false, errorCode: 'refresh_token_missing', terminal: true });
      expect(fake.calls.length).toBe(calls);
      expect((await getConnection(org, created.body.id)).body.status).toBe('INVALID');
      expect(eventsFor(created.body.id)).toEqual([CREDENTIAL_INVALIDATED]);
      expect((await accessToken(org, created.body.id)).status).toBe(409);
      expect(fake.calls.length).toBe(calls);
    });

    it('widens isRefreshable to true when a reconnect brings a refresh token', async () => {
      const org = await seedOrg(t.baseUrl);
      const provider = await oidcProvider(org);
      const imported = await importConnection(t.baseUrl, org, provider.key, { accessToken: 'legacy' });
      expect(imported.isRefreshable).toBe(false);
      const { callback } = await connect(org, { provider: provider.key, connectionId: imported.id });
      expect(callback.body).toEqual({ connectionId: imported.id, reconnected: true });
      expect((await getConnection(org, imported.id)).body.isRefreshable).toBe(true);
    });

    it('recognises a Slack-style HTTP 200 {ok:false} token response as a terminal failure', async () => {
      const slack = await startFakeTokenEndpoint(slackStyleFailure('invalid_refresh_token'));
      try {
        const org = await seedOrg(t.baseUrl);
        const provider = await createProvider(t.baseUrl, org, { tokenUrl: slack.url, errorStyle: 'slack' });
        const connection = await importConnection(t.baseUrl, org, provider.key, {
          accessToken: 'xoxe.xoxp-1',
          refreshToken: 'xoxe-1',
          expiresIn: 43200,
        });
        const result = await refresh(org, connection.id);
        expect(result.body).toEqual({ ok: false, errorCode: 'invalid_refresh_token', terminal: true });
        expect(slack.calls).toHaveLength(1);
        expect((await getConnection(org, connection.id)).body).toMatchObject({
          status: 'INVALID',
          lastRefreshError: 'invalid_refresh_token',
        });
      } finally {
        await slack.close();
      }
    });

    it('leaves the connection ACTIVE on a transient 503 and answers 503 with Retry-After once expired', async () => {
      const down = await startFakeTokenEndpoint(unavailable('120'));
      try {
        const org = await seedOrg(t.baseUrl);
        const provider = await createProvider(t.baseUrl, org, { tokenUrl: down.url });
        const connection = await importConnection(t.baseUrl, org, provider.key, {
          accessToken: 'a1',
          refreshToken: 'r1',
          expiresIn: 3600,
        });
        const result = await refresh(org, connection.id);
        expect(result.body).toEqual({ ok: false, errorCode: 'temporarily_unavailable', terminal: false });
        const read = (await getConnection(org, connection.id)).body;
        expect(read.status).toBe('ACTIVE');
        expect(read.refreshBlockedUntil).toBeNull();
        expect(eventsFor(connection.id)).toEqual([]);

        // still valid: the stored token is served without a provider call
        expect((await accessToken(org, connection.id)).body.accessToken).toBe('a1');
        await expire(connection.id);
        const answers = await Promise.all(Array.from({ length: 10 }, () => accessToken(org, connection.id)));
        for (const answer of answers) {
          expect(answer.status).toBe(503);
          expect(answer.body.error.code).toBe('CONNECTION.REFRESH_UNAVAILABLE');
          expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(100);
        }
        expect(down.calls).toHaveLength(1);
        expect((await getConnection(org, connection.id)).body.status).toBe('ACTIVE');
      } finally {
        await down.close();
      }
    });

    it('obtains a client_credentials token on create and requests a new one instead of refreshing', async () => {
      const org = await seedOrg(t.baseUrl);
      const provider = await createProvider(t.baseUrl, org, {
        grantType: 'client_credentials',
        authorizeUrl: undefined,
        tokenUrl: server.tokenUrl,
        clientId: 'machine',
        clientSecret: 'machine-secret',
      });
      const before = await server.counts();
      const created = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections`, {
        key: org.key,
        body: { provider: provider.key },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        status: 'ACTIVE',
        isRefreshable: true,
        expiresAt: expect.any(String),
      });
      const first = (await accessToken(org, created.body.id)).body.accessToken;
      await expire(created.body.id);
      const second = await accessToken(org, created.body.id);
      expect(second.status).toBe(200);
      expect(second.body.accessToken).not.toBe(first);
      const after = await server.counts();
      expect((after.client_credentials ?? 0) - (before.client_credentials ?? 0)).toBe(2);
      expect(after.refresh_token ?? 0).toBe(before.refresh_token ?? 0);
    });
  });
});
