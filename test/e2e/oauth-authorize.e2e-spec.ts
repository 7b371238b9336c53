import { TestApp } from '../support/app';
import { FakeTokenEndpoint } from '../support/fake-token-endpoint';
import { OAuthServer } from '../support/oauth-server';
import { sql } from '../support/db';
import { http } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { seedOrg } from '../support/seed';
import { openStored } from '../support/stored-secrets';
import { useOAuthHarness } from '../support/oauth-harness';

describe('OAuth authorize → callback and connections over HTTP', () => {
  const harness = useOAuthHarness();
  const { events, oidcProvider, authorize, connect, expire, accessToken, getConnection } = harness;
  let t: TestApp;
  let server: OAuthServer;
  let fake: FakeTokenEndpoint;
  beforeAll(() => ({ t, server, fake } = harness.running()));
  describe('authorize → callback', () => {
    it('completes a PKCE authorization against a real OAuth server and stores only encrypted tokens', async () => {
      const org = await seedOrg(t.baseUrl);
      const provider = await oidcProvider(org);
      const before = await server.count('authorization_code');
      const { started, redirect, callback } = await connect(org, { provider: provider.key });

      const url = new URL(started.authorizeUrl);
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(url.searchParams.get('redirect_uri')).toBe(harness.redirectUri);
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
      const redirect = await server.authorize(started.authorizeUrl, harness.redirectUri);
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
      const redirect = await server.authorize(started.authorizeUrl, harness.redirectUri);
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
});
