import { changesHeard } from '../support/changes-heard';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { CREDENTIAL_INVALIDATED, REAUTH_SUCCEEDED } from '../../src/shared/events';
import { startApp, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import {
  FakeTokenEndpoint,
  slackStyleFailure,
  startFakeTokenEndpoint,
  unavailable,
} from '../support/fake-token-endpoint';
import { http } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { OAuthServer, startOAuthServer } from '../support/oauth-server';
import { SeededOrg, seedIntegration, seedOrg } from '../support/seed';
import { openStored } from '../support/stored-secrets';

const PUBLIC_URL = 'http://plugboard.test';
const REDIRECT_URI = `${PUBLIC_URL}/oauth/callback`;

describe('OAuth providers and connections over HTTP', () => {
  let t: TestApp;
  let server: OAuthServer;
  let fake: FakeTokenEndpoint;
  const events: Array<{ name: string; payload: any }> = [];

  beforeAll(async () => {
    server = await startOAuthServer({ redirectUris: [REDIRECT_URI] });
    fake = await startFakeTokenEndpoint();
    t = await startApp({ PUBLIC_URL, PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600' });
    const emitter = t.app.get(EventEmitter2);
    for (const name of [CREDENTIAL_INVALIDATED, REAUTH_SUCCEEDED]) {
      emitter.on(name, (payload: unknown) => events.push({ name, payload }));
    }
  });
  afterAll(async () => {
    await t.close();
    await server.close();
    await fake.close();
    await closeSql();
  });

  const eventsFor = (connectionId: string) =>
    events.filter((event) => event.payload.connectionId === connectionId).map((event) => event.name);

  async function oidcProvider(org: SeededOrg, overrides: Record<string, unknown> = {}) {
    return createProvider(t.baseUrl, org, {
      authorizeUrl: server.authorizeUrl,
      tokenUrl: server.tokenUrl,
      clientId: 'web-post',
      clientSecret: 'web-post-secret',
      scopes: ['openid', 'offline_access'],
      tokenAuthMethod: 'client_secret_post',
      ...overrides,
    });
  }

  async function authorize(org: SeededOrg, body: Record<string, unknown>) {
    const result = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections/authorize`, {
      key: org.key,
      body,
    });
    expect(result.status).toBe(200);
    return result.body as { authorizeUrl: string; state: string; expiresAt: string };
  }

  /** authorize → the real server's (auto-approved) interaction → our callback. */
  async function connect(org: SeededOrg, body: Record<string, unknown>) {
    const started = await authorize(org, body);
    const redirect = await server.authorize(started.authorizeUrl, REDIRECT_URI);
    const callback = await http(t.baseUrl, 'GET', `/oauth/callback${redirect.search}`);
    return { started, redirect, callback };
  }

  const expire = async (id: string) => {
    await sql(`UPDATE oauth_connections SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    await changesHeard(t);
  };

  const refresh = (org: SeededOrg, id: string) =>
    http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections/${id}/refresh`, { key: org.key });

  const accessToken = (org: SeededOrg, id: string) =>
    http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections/${id}/access-token`, { key: org.key });

  const getConnection = (org: SeededOrg, id: string) =>
    http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/connections/${id}`, { key: org.key });

  describe('providers', () => {
    it('creates a provider (201) without ever returning or storing the client secret in clear', async () => {
      const org = await seedOrg(t.baseUrl);
      const created = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/providers`, {
        key: org.key,
        body: {
          key: 'slack',
          authorizeUrl: 'https://slack.com/oauth/v2/authorize',
          tokenUrl: 'https://slack.com/api/oauth.v2.access',
          clientId: 'cid',
          clientSecret: 'super-secret-value',
          scopes: ['chat:write'],
          apiBaseUrl: 'https://slack.com/api',
          errorStyle: 'slack',
        },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        id: expect.any(String),
        key: 'slack',
        grantType: 'authorization_code',
        tokenAuthMethod: 'client_secret_post',
        usePkce: true,
        errorStyle: 'slack',
        apiBaseUrl: 'https://slack.com/api',
        scopes: ['chat:write'],
      });
      expect(created.text).not.toContain('super-secret-value');
      expect(created.body).not.toHaveProperty('clientSecret');

      const [row] = await sql('SELECT client_secret_encrypted FROM oauth_providers WHERE id = $1', [
        created.body.id,
      ]);
      expect(row.client_secret_encrypted).not.toContain('super-secret-value');
      expect(openStored(row.client_secret_encrypted, 'providerClientSecret', created.body.id)).toBe(
        'super-secret-value',
      );

      const list = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/providers`, { key: org.key });
      expect(list.body.items.map((item: any) => item.id)).toEqual([created.body.id]);
      expect(list.text).not.toContain('super-secret-value');
      expect(t.logs.text()).not.toContain('super-secret-value');
    });

    it('answers 409 PROVIDER.KEY_TAKEN for a duplicate key in the org, but allows it in another org', async () => {
      const org = await seedOrg(t.baseUrl);
      await createProvider(t.baseUrl, org, { key: 'github', tokenUrl: fake.url });
      const duplicate = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/providers`, {
        key: org.key,
        body: { key: 'github', authorizeUrl: 'https://a.example/x', tokenUrl: fake.url, clientId: 'c' },
      });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.error.code).toBe('PROVIDER.KEY_TAKEN');
      const other = await seedOrg(t.baseUrl);
      await expect(
        createProvider(t.baseUrl, other, { key: 'github', tokenUrl: fake.url }),
      ).resolves.toBeDefined();
    });

    it('updates (200) and deletes (204) a provider; another org gets 404 for it', async () => {
      const org = await seedOrg(t.baseUrl);
      const other = await seedOrg(t.baseUrl);
      const provider = await createProvider(t.baseUrl, org, { tokenUrl: fake.url });
      const path = `/v1/orgs/${org.id}/providers/${provider.id}`;
      const patched = await http(t.baseUrl, 'PATCH', path, {
        key: org.key,
        body: { tokenAuthMethod: 'client_secret_basic', clientSecret: 'rotated-secret' },
      });
      expect(patched.status).toBe(200);
      expect(patched.body.tokenAuthMethod).toBe('client_secret_basic');
      expect(patched.text).not.toContain('rotated-secret');
      const foreign = `/v1/orgs/${other.id}/providers/${provider.id}`;
      expect((await http(t.baseUrl, 'GET', foreign, { key: other.key })).status).toBe(404);
      expect((await http(t.baseUrl, 'DELETE', foreign, { key: other.key })).status).toBe(404);
      expect((await http(t.baseUrl, 'DELETE', path, { key: org.key })).status).toBe(204);
      expect((await http(t.baseUrl, 'GET', path, { key: org.key })).status).toBe(404);
    });

    it('answers 409 PROVIDER.KEY_TAKEN when a PATCH renames a provider to a key in use', async () => {
      const org = await seedOrg(t.baseUrl);
      await createProvider(t.baseUrl, org, { key: 'taken', tokenUrl: fake.url });
      const other = await createProvider(t.baseUrl, org, { key: 'free', tokenUrl: fake.url });
      const result = await http(t.baseUrl, 'PATCH', `/v1/orgs/${org.id}/providers/${other.id}`, {
        key: org.key,
        body: { key: 'taken' },
      });
      expect(result.status).toBe(409);
      expect(result.body.error.code).toBe('PROVIDER.KEY_TAKEN');
    });

    it('deletes the connections of a deleted provider and tells their users (CREDENTIAL_INVALIDATED)', async () => {
      const org = await seedOrg(t.baseUrl);
      const provider = await createProvider(t.baseUrl, org, { tokenUrl: fake.url });
      const connection = await importConnection(t.baseUrl, org, provider.key, { accessToken: 'a' });
      const deleted = await http(t.baseUrl, 'DELETE', `/v1/orgs/${org.id}/providers/${provider.id}`, {
        key: org.key,
      });
      expect(deleted.status).toBe(204);
      expect((await getConnection(org, connection.id)).status).toBe(404);
      expect(eventsFor(connection.id)).toEqual([CREDENTIAL_INVALIDATED]);
    });

    it('rejects an authorization_code provider without authorizeUrl with 400 REQUEST.INVALID', async () => {
      const org = await seedOrg(t.baseUrl);
      const result = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/providers`, {
        key: org.key,
        body: { key: 'x', tokenUrl: fake.url, clientId: 'c' },
      });
      expect(result.status).toBe(400);
      expect(result.body.error.code).toBe('REQUEST.INVALID');
    });
  });

  describe('authorize → callback', () => {
    it('completes a PKCE authorization against a real OAuth server and stores only encrypted tokens', async () => {
      const org = await seedOrg(t.baseUrl);
      const provider = await oidcProvider(org);
      const before = await server.count('authorization_code');
      const { started, redirect, callback } = await connect(org, { provider: provider.key });

      const url = new URL(started.authorizeUrl);
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
      expect(url.searchParams.get('state')).toBe(started.state);
      expect(new Date(started.expiresAt).getTime() - Date.now()).toBeGreaterThan(9 * 60 * 1000);
      expect(redirect.searchParams.get('code')).toBeTruthy();

      expect(callback.status).toBe(200);
      expect(callback.body).toEqual({ connectionId: expect.any(String), reconnected: false });
      expect(await server.count('authorization_code')).toBe(before + 1);

      const connection = await getConnection(org, callback.body.connectionId);
      expect(connection.status).toBe(200);
      expect(connection.body).toEqual({
        id: callback.body.connectionId,
        provider: provider.key,
        status: 'ACTIVE',
        externalAccountId: null,
        params: null,
        expiresAt: expect.any(String),
        isRefreshable: true,
        lastRefreshError: null,
        refreshBlockedUntil: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });

      const token = await accessToken(org, callback.body.connectionId);
      expect(token.status).toBe(200);
      const plain = token.body.accessToken as string;
      const list = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/connections`, { key: org.key });
      for (const read of [connection.text, list.text]) {
        expect(read).not.toContain(plain);
        expect(read).not.toMatch(/accessToken|refreshToken|access_token|refresh_token/);
      }
      const [row] = await sql(
        'SELECT access_token_encrypted, refresh_token_encrypted FROM oauth_connections WHERE id = $1',
        [callback.body.connectionId],
      );
      expect(row.access_token_encrypted).toMatch(/^v2\./);
      expect(row.access_token_encrypted).not.toContain(plain);
      expect(
        openStored(row.access_token_encrypted, 'connectionAccessToken', callback.body.connectionId),
      ).toBe(plain);
      expect(row.refresh_token_encrypted).toMatch(/^v2\./);
      expect(t.logs.text()).not.toContain(plain);
    });

    it('uses client_secret_basic and redirects to returnUrl with ?connectionId=', async () => {
      const org = await seedOrg(t.baseUrl);
      const provider = await oidcProvider(org, {
        clientId: 'web-basic',
        clientSecret: 'web-basic-secret',
        tokenAuthMethod: 'client_secret_basic',
      });
      const { callback } = await connect(org, {
        provider: provider.key,
        returnUrl: 'https://app.example/done?tab=1',
      });
      expect(callback.status).toBe(302);
      const location = new URL(callback.headers.get('location') as string);
      expect(location.origin + location.pathname).toBe('https://app.example/done');
      expect(location.searchParams.get('tab')).toBe('1');
      const connectionId = location.searchParams.get('connectionId') as string;
      expect((await getConnection(org, connectionId)).body.status).toBe('ACTIVE');
    });

    it('answers 400 OAUTH.INVALID_STATE to a reused state without calling the token endpoint again', async () => {
      const org = await seedOrg(t.baseUrl);
      const provider = await oidcProvider(org);
      const { redirect, callback } = await connect(org, { provider: provider.key });
      expect(callback.status).toBe(200);
      const before = await server.count('authorization_code');
      const again = await http(t.baseUrl, 'GET', `/oauth/callback${redirect.search}`);
      expect(again.status).toBe(400);
      expect(again.body.error.code).toBe('OAUTH.INVALID_STATE');
      expect(await server.count('authorization_code')).toBe(before);
    });

    it('answers 400 OAUTH.INVALID_STATE to an expired or unknown state', async () => {
      const org = await seedOrg(t.baseUrl);
      const provider = await oidcProvider(org);
      const started = await authorize(org, { provider: provider.key });
      const redirect = await server.authorize(started.authorizeUrl, REDIRECT_URI);
      await sql(
        `UPDATE oauth_states SET expires_at = now() - interval '1 second' WHERE organization_id = $1`,
        [org.id],
      );
      const before = await server.count('authorization_code');
      const expired = await http(t.baseUrl, 'GET', `/oauth/callback${redirect.search}`);
      expect(expired.status).toBe(400);
      expect(expired.body.error.code).toBe('OAUTH.INVALID_STATE');
      const unknown = await http(t.baseUrl, 'GET', '/oauth/callback?code=abc&state=not-a-state');
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.code).toBe('OAUTH.INVALID_STATE');
      expect(await server.count('authorization_code')).toBe(before);
    });

    it('answers 400 OAUTH.PROVIDER_ERROR when the user denies access at the provider', async () => {
      const org = await seedOrg(t.baseUrl);
      const provider = await oidcProvider(org);
      const started = await authorize(org, { provider: provider.key });
      await server.denyNext();
      const redirect = await server.authorize(started.authorizeUrl, REDIRECT_URI);
      expect(redirect.searchParams.get('error')).toBe('access_denied');
      const callback = await http(t.baseUrl, 'GET', `/oauth/callback${redirect.search}`);
      expect(callback.status).toBe(400);
      expect(callback.body.error.code).toBe('OAUTH.PROVIDER_ERROR');
      // the state was consumed: it cannot be used afterwards either
      const replay = await http(t.baseUrl, 'GET', `/oauth/callback?code=x&state=${started.state}`);
      expect(replay.body.error.code).toBe('OAUTH.INVALID_STATE');
    });

    it('answers 502 OAUTH.TOKEN_EXCHANGE_FAILED when the token endpoint rejects the code', async () => {
      const org = await seedOrg(t.baseUrl);
      const provider = await oidcProvider(org);
      const started = await authorize(org, { provider: provider.key });
      const callback = await http(
        t.baseUrl,
        'GET',
        `/oauth/callback?code=forged-code&state=${started.state}`,
      );
      expect(callback.status).toBe(502);
      expect(callback.body.error.code).toBe('OAUTH.TOKEN_EXCHANGE_FAILED');
    });

    it('answers 404 to authorize with a connectionId of another org', async () => {
      const orgA = await seedOrg(t.baseUrl);
      const orgB = await seedOrg(t.baseUrl);
      const providerA = await createProvider(t.baseUrl, orgA, { key: 'same', tokenUrl: fake.url });
      await createProvider(t.baseUrl, orgB, { key: 'same', tokenUrl: fake.url });
      const connection = await importConnection(t.baseUrl, orgA, providerA.key, { accessToken: 'a' });
      const result = await http(t.baseUrl, 'POST', `/v1/orgs/${orgB.id}/connections/authorize`, {
        key: orgB.key,
        body: { provider: 'same', connectionId: connection.id },
      });
      expect(result.status).toBe(404);
      expect(result.body.error.code).toBe('CONNECTION.NOT_FOUND');
    });
  });

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

  describe('DELETE /v1/orgs/:orgId/connections/:id', () => {
    it('answers 204, then 404, and publishes CREDENTIAL_INVALIDATED for the integrations using it', async () => {
      const org = await seedOrg(t.baseUrl);
      const provider = await createProvider(t.baseUrl, org, { tokenUrl: fake.url });
      const connection = await importConnection(t.baseUrl, org, provider.key, { accessToken: 'a' });
      const path = `/v1/orgs/${org.id}/connections/${connection.id}`;
      expect((await http(t.baseUrl, 'DELETE', path, { key: org.key })).status).toBe(204);
      expect((await http(t.baseUrl, 'GET', path, { key: org.key })).status).toBe(404);
      expect((await http(t.baseUrl, 'DELETE', path, { key: org.key })).status).toBe(404);
      expect(events.find((event) => event.payload.connectionId === connection.id)?.payload).toEqual({
        orgId: org.id,
        connectionId: connection.id,
        reason: 'connection_deleted',
      });
    });
  });

  describe('cross-org isolation', () => {
    it("gives org B 404 for org A's connection on every route, and the provider is never called", async () => {
      const orgA = await seedOrg(t.baseUrl);
      const orgB = await seedOrg(t.baseUrl);
      const provider = await oidcProvider(orgA);
      await oidcProvider(orgB, { key: provider.key });
      const { callback } = await connect(orgA, { provider: provider.key });
      const id = callback.body.connectionId;
      await expire(id);
      const before = await server.counts();
      const base = `/v1/orgs/${orgB.id}/connections/${id}`;
      const answers = [
        await http(t.baseUrl, 'GET', base, { key: orgB.key }),
        await http(t.baseUrl, 'POST', `${base}/refresh`, { key: orgB.key }),
        await http(t.baseUrl, 'POST', `${base}/access-token`, { key: orgB.key }),
        await http(t.baseUrl, 'POST', `/v1/orgs/${orgB.id}/connections/authorize`, {
          key: orgB.key,
          body: { provider: provider.key, connectionId: id },
        }),
        await http(t.baseUrl, 'DELETE', base, { key: orgB.key }),
        // org B's key on org A's path: 404 as well
        await http(t.baseUrl, 'GET', `/v1/orgs/${orgA.id}/connections/${id}`, { key: orgB.key }),
      ];
      for (const answer of answers) expect(answer.status).toBe(404);
      expect(await server.counts()).toEqual(before);
      expect((await getConnection(orgA, id)).body.status).toBe('ACTIVE');
    });
  });

  it('lists the OAuth routes in the OpenAPI document', async () => {
    const document = await http(t.baseUrl, 'GET', '/docs-json');
    const paths = Object.keys(document.body.paths);
    for (const path of [
      '/v1/orgs/{orgId}/providers',
      '/v1/orgs/{orgId}/providers/{id}',
      '/v1/orgs/{orgId}/connections',
      '/v1/orgs/{orgId}/connections/authorize',
      '/v1/orgs/{orgId}/connections/{id}',
      '/v1/orgs/{orgId}/connections/{id}/access-token',
      '/v1/orgs/{orgId}/connections/{id}/refresh',
      '/oauth/callback',
    ]) {
      expect(paths).toContain(path);
    }
  });
});
