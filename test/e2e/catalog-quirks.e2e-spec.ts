import { randomUUID } from 'node:crypto';
import { startApp, TestApp } from '../support/app';
import { changesHeard } from '../support/changes-heard';
import { closeSql, sql } from '../support/db';
import { EchoUpstream } from '../support/echo-upstream';
import { FAKE_CLIENT, FakeProvider, FakeProviderBehaviour } from '../support/fake-provider';
import { http, HttpResult } from '../support/http';
import { createProxyWorker } from '../support/proxy-worker';
import { SeededOrg, seedOrg } from '../support/seed';

const PUBLIC_URL = 'http://plugboard.test';

/**
 * Each catalog template against a loopback provider that behaves like the real one in the quirk
 * that matters for it. The template's URLs are overridden to the loopback server (fields given
 * explicitly win); its quirks travel with the template.
 */
describe('catalog templates against providers that behave like them', () => {
  let t: TestApp;
  let org: SeededOrg;
  const fakes: FakeProvider[] = [];

  beforeAll(async () => {
    t = await startApp({ PUBLIC_URL, PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600' });
    org = await seedOrg(t.baseUrl);
  });
  afterAll(async () => {
    await t.close();
    await Promise.all(fakes.map((fake) => fake.close()));
    await closeSql();
  });

  async function fakeProvider(behaviour: FakeProviderBehaviour): Promise<FakeProvider> {
    const fake = await FakeProvider.start(behaviour);
    fakes.push(fake);
    return fake;
  }

  async function createProvider(body: Record<string, unknown>): Promise<string> {
    const key = `p-${randomUUID().slice(0, 8)}`;
    const created = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/providers`, {
      key: org.key,
      body: { key, clientId: FAKE_CLIENT.id, clientSecret: FAKE_CLIENT.secret, ...body },
    });
    if (created.status !== 201) throw new Error(`provider: ${created.status} ${created.text}`);
    return key;
  }

  /** authorize → the fake's authorization page (approves at once) → plugboard's callback. */
  async function connect(
    fake: FakeProvider,
    providerKey: string,
    authorizeBody: Record<string, unknown> = {},
  ): Promise<HttpResult> {
    const started = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections/authorize`, {
      key: org.key,
      body: { provider: providerKey, ...authorizeBody },
    });
    if (started.status !== 200) throw new Error(`authorize: ${started.status} ${started.text}`);
    return http(t.baseUrl, 'GET', `/oauth/callback${await fake.authorize(started.body.authorizeUrl)}`);
  }

  const getConnection = async (id: string) =>
    (await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/connections/${id}`, { key: org.key })).body;
  const accessToken = (id: string) =>
    http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections/${id}/access-token`, { key: org.key });
  const forceRefresh = (id: string) =>
    http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections/${id}/refresh`, { key: org.key });
  const expire = async (id: string) => {
    await sql(`UPDATE oauth_connections SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    // the app keeps connections in memory; wait until it heard of the change
    await changesHeard(t);
  };
  const connectionsOf = async (providerKey: string) =>
    Number(
      (
        await sql(
          `SELECT count(*) AS n FROM oauth_connections c JOIN oauth_providers p ON p.id = c.provider_id
            WHERE p.organization_id = $1 AND p.key = $2`,
          [org.id, providerKey],
        )
      )[0].n,
    );

  describe('HTTP Basic on the token call (Notion, Zoom)', () => {
    it('Notion: Basic credentials and a JSON body, never the secret in the body', async () => {
      const fake = await fakeProvider({ requireBasic: true, requireJson: true });
      const key = await createProvider({
        template: 'notion',
        authorizeUrl: `${fake.url}/v1/oauth/authorize`,
        tokenUrl: `${fake.url}/v1/oauth/token`,
      });
      const callback = await connect(fake, key);
      expect(callback.status).toBe(200);
      expect(fake.authorizeQueries[0].get('owner')).toBe('user');
      const [call] = fake.tokenCalls;
      expect(call.contentType).toBe('application/json');
      expect(call.authorization).toMatch(/^Basic /);
      expect(call.params.client_secret).toBeUndefined();
      expect(call.params).toMatchObject({ grant_type: 'authorization_code' });
    });

    it('Zoom: Basic on the code exchange and on every refresh', async () => {
      const fake = await fakeProvider({ requireBasic: true, rotate: true });
      const key = await createProvider({
        template: 'zoom',
        authorizeUrl: `${fake.url}/oauth/authorize`,
        tokenUrl: `${fake.url}/oauth/token`,
      });
      const callback = await connect(fake, key);
      expect(callback.status).toBe(200);
      expect((await forceRefresh(callback.body.connectionId)).body).toMatchObject({ ok: true });
      expect(fake.tokenCalls.map((call) => [call.grantType, call.contentType])).toEqual([
        ['authorization_code', 'application/x-www-form-urlencoded'],
        ['refresh_token', 'application/x-www-form-urlencoded'],
      ]);
      expect(fake.tokenCalls.every((call) => call.authorization?.startsWith('Basic '))).toBe(true);
    });

    it('the same provider configured by hand (secret in the body) is refused, and nothing is stored', async () => {
      const fake = await fakeProvider({ requireBasic: true });
      const key = await createProvider({
        authorizeUrl: `${fake.url}/oauth/authorize`,
        tokenUrl: `${fake.url}/oauth/token`,
      });
      const callback = await connect(fake, key);
      expect(callback.status).toBe(502);
      expect(callback.body.error.code).toBe('OAUTH.TOKEN_EXCHANGE_FAILED');
      expect(await connectionsOf(key)).toBe(0);
    });
  });

  describe('offline access before a refresh token is issued (Google, Dropbox)', () => {
    it.each([
      ['google', { access_type: 'offline', prompt: 'consent' }],
      ['dropbox', { token_access_type: 'offline' }],
    ])(
      '%s: the template gets a refresh token, a hand-configured provider does not',
      async (template, offline) => {
        const fake = await fakeProvider({ offlineParams: offline });
        const urls = { authorizeUrl: `${fake.url}/o/oauth2/authorize`, tokenUrl: `${fake.url}/token` };
        const withTemplate = await connect(fake, await createProvider({ template, ...urls }));
        expect(withTemplate.status).toBe(200);
        expect(await getConnection(withTemplate.body.connectionId)).toMatchObject({ isRefreshable: true });

        const byHand = await connect(fake, await createProvider({ ...urls, usePkce: true }));
        expect(byHand.status).toBe(200);
        expect(await getConnection(byHand.body.connectionId)).toMatchObject({ isRefreshable: false });
      },
    );

    it('google: a refresh answer without a refresh token keeps the one held (it does not rotate)', async () => {
      const fake = await fakeProvider({ offlineParams: { access_type: 'offline', prompt: 'consent' } });
      const key = await createProvider({
        template: 'google',
        authorizeUrl: `${fake.url}/authorize`,
        tokenUrl: `${fake.url}/token`,
      });
      const { connectionId } = (await connect(fake, key)).body;
      for (let round = 0; round < 2; round++) {
        expect((await forceRefresh(connectionId)).body).toMatchObject({ ok: true });
      }
      const presented = fake.refreshCalls().map((call) => call.params.refresh_token);
      expect(new Set(presented).size).toBe(1);
      expect(await getConnection(connectionId)).toMatchObject({ isRefreshable: true, status: 'ACTIVE' });
    });
  });

  describe("Salesforce's per-connection instance_url", () => {
    let upstream: EchoUpstream;
    beforeAll(async () => {
      upstream = await EchoUpstream.start();
    });
    afterAll(async () => {
      await upstream.close();
    });

    it("becomes the connection's upstream: the proxy calls it with the real token", async () => {
      const fake = await fakeProvider({ instanceUrl: upstream.url });
      const key = await createProvider({
        template: 'salesforce',
        authorizeUrl: `${fake.url}/services/oauth2/authorize`,
        tokenUrl: `${fake.url}/services/oauth2/token`,
      });
      const { connectionId } = (await connect(fake, key)).body;
      const worker = await createProxyWorker(t.baseUrl, org, connectionId);
      const token = (await accessToken(connectionId)).body.accessToken as string;
      upstream.reset();
      const answer = await http(t.baseUrl, 'GET', `/proxy/${key}/services/data/v60.0/limits`, {
        headers: {
          'proxy-authorization': `Bearer ${worker.token}`,
          authorization: `Bearer ${worker.placeholder}`,
        },
      });
      expect(answer.status).toBe(200);
      expect(upstream.count).toBe(1);
      expect(upstream.last().url).toBe('/services/data/v60.0/limits');
      expect(upstream.last().headers.authorization).toBe(`Bearer ${token}`);
    });

    it('an instance_url off the provider hosts is refused: 502 and no connection stored', async () => {
      const fake = await fakeProvider({ instanceUrl: 'https://attacker.example' });
      const key = await createProvider({
        template: 'salesforce',
        authorizeUrl: `${fake.url}/services/oauth2/authorize`,
        tokenUrl: `${fake.url}/services/oauth2/token`,
      });
      const callback = await connect(fake, key);
      expect(callback.status).toBe(502);
      expect(callback.body.error).toMatchObject({ code: 'OAUTH.TOKEN_EXCHANGE_FAILED' });
      expect(callback.body.error.message).toContain('instance_url_refused');
      expect(await connectionsOf(key)).toBe(0);
    });
  });

  describe('rotating refresh tokens with reuse detection (Atlassian)', () => {
    it('one refresh per expiry for concurrent callers, never a spent token presented again', async () => {
      const fake = await fakeProvider({ rotate: true });
      const key = await createProvider({
        template: 'atlassian',
        authorizeUrl: `${fake.url}/authorize`,
        tokenUrl: `${fake.url}/oauth/token`,
      });
      const callback = await connect(fake, key);
      expect(fake.authorizeQueries[0].get('audience')).toBe('api.atlassian.com');
      const { connectionId } = callback.body;
      for (let expiry = 0; expiry < 3; expiry++) {
        await expire(connectionId);
        const answers = await Promise.all(Array.from({ length: 10 }, () => accessToken(connectionId)));
        expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
        expect(new Set(answers.map((answer) => answer.body.accessToken)).size).toBe(1);
      }
      expect(fake.refreshCalls()).toHaveLength(3);
      expect(fake.reuses).toBe(0);
      expect(await getConnection(connectionId)).toMatchObject({ status: 'ACTIVE', isRefreshable: true });
    });

    it('a refresh answer without a new refresh token leaves nothing to refresh with (the spent one is never reused)', async () => {
      const fake = await fakeProvider({ rotate: true });
      const key = await createProvider({
        template: 'atlassian',
        authorizeUrl: `${fake.url}/authorize`,
        tokenUrl: `${fake.url}/oauth/token`,
      });
      const { connectionId } = (await connect(fake, key)).body;
      fake.behaviour.omitRefreshTokenOnce = true;
      expect((await forceRefresh(connectionId)).body).toMatchObject({ ok: true });
      expect(await getConnection(connectionId)).toMatchObject({ isRefreshable: false });
      await expire(connectionId);
      const calls = fake.tokenCalls.length;
      const answer = await accessToken(connectionId);
      expect(answer.status).toBe(409);
      expect(answer.body.error.code).toBe('CONNECTION.INVALID');
      expect(fake.tokenCalls.length).toBe(calls);
      expect(fake.reuses).toBe(0);
    });
  });

  describe('per-connection params filled into every URL (Shopify {shop}, Zendesk {subdomain})', () => {
    let upstream: EchoUpstream;
    beforeAll(async () => {
      upstream = await EchoUpstream.start();
    });
    afterAll(async () => {
      await upstream.close();
    });

    it.each([
      ['shopify', 'shop', '/admin/oauth/authorize', '/admin/oauth/access_token', '/admin/api'],
      ['zendesk', 'subdomain', '/oauth/authorizations/authorize', '/oauth/tokens', '/api/v2'],
    ])(
      '%s: authorize, token call and proxy upstream all use the connection value',
      async (template, param, authorizePath, tokenPath, apiPath) => {
        const fake = await fakeProvider({});
        const key = await createProvider({
          template,
          authorizeUrl: `${fake.url}/accounts/{${param}}${authorizePath}`,
          tokenUrl: `${fake.url}/accounts/{${param}}${tokenPath}`,
          apiBaseUrl: `${upstream.url}/accounts/{${param}}${apiPath}`,
        });
        const callback = await connect(fake, key, { params: { [param]: 'acme-1' } });
        expect(callback.status).toBe(200);
        expect(fake.tokenCalls.map((call) => call.path)).toEqual([`/accounts/acme-1${tokenPath}`]);
        const { connectionId } = callback.body;
        expect((await getConnection(connectionId)).params).toEqual({ [param]: 'acme-1' });

        const worker = await createProxyWorker(t.baseUrl, org, connectionId);
        upstream.reset();
        const answer = await http(t.baseUrl, 'GET', `/proxy/${key}/orders.json?limit=1`, {
          headers: {
            'proxy-authorization': `Bearer ${worker.token}`,
            authorization: `Bearer ${worker.placeholder}`,
          },
        });
        expect(answer.status).toBe(200);
        expect(upstream.last().url).toBe(`/accounts/acme-1${apiPath}/orders.json?limit=1`);
      },
    );

    it('a value that could change the host is refused before anything is called or stored', async () => {
      const fake = await fakeProvider({});
      const key = await createProvider({
        template: 'shopify',
        authorizeUrl: `${fake.url}/accounts/{shop}/admin/oauth/authorize`,
        tokenUrl: `${fake.url}/accounts/{shop}/admin/oauth/access_token`,
      });
      for (const shop of ['evil.example', 'a/../../x', 'x@evil.example', 'x:1', '.']) {
        const answer = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections/authorize`, {
          key: org.key,
          body: { provider: key, params: { shop } },
        });
        expect(answer.status).toBe(400);
      }
      expect(fake.authorizeQueries).toHaveLength(0);
      expect(fake.tokenCalls).toHaveLength(0);
    });
  });

  describe("Slack's HTTP 200 {ok:false}", () => {
    it('a refresh answered {ok:false,error:"invalid_refresh_token"} is terminal: INVALID', async () => {
      const fake = await fakeProvider({ errorStyle: 'slack', rotate: true });
      const key = await createProvider({
        template: 'slack',
        authorizeUrl: `${fake.url}/oauth/v2/authorize`,
        tokenUrl: `${fake.url}/api/oauth.v2.access`,
      });
      const { connectionId } = (await connect(fake, key)).body;
      fake.behaviour.refreshError = 'invalid_refresh_token';
      expect((await forceRefresh(connectionId)).body).toEqual({
        ok: false,
        errorCode: 'invalid_refresh_token',
        terminal: true,
      });
      expect(await getConnection(connectionId)).toMatchObject({ status: 'INVALID' });
    });
  });

  describe('GitHub App user tokens that may or may not expire', () => {
    it('expiring: refreshable, and an HTTP 200 {error:"bad_refresh_token"} is terminal', async () => {
      const fake = await fakeProvider({ errorStyle: 'github', rotate: true });
      const key = await createProvider({
        template: 'github',
        authorizeUrl: `${fake.url}/login/oauth/authorize`,
        tokenUrl: `${fake.url}/login/oauth/access_token`,
      });
      const { connectionId } = (await connect(fake, key)).body;
      const connection = await getConnection(connectionId);
      expect(connection).toMatchObject({ isRefreshable: true });
      expect(connection.expiresAt).not.toBeNull();
      expect((await forceRefresh(connectionId)).body).toMatchObject({ ok: true });
      fake.behaviour.refreshError = 'bad_refresh_token';
      expect((await forceRefresh(connectionId)).body).toEqual({
        ok: false,
        errorCode: 'bad_refresh_token',
        terminal: true,
      });
    });

    it('non-expiring: no refresh token, no expiry, served without any token call', async () => {
      const fake = await fakeProvider({ errorStyle: 'github', expiring: false });
      const key = await createProvider({
        template: 'github',
        authorizeUrl: `${fake.url}/login/oauth/authorize`,
        tokenUrl: `${fake.url}/login/oauth/access_token`,
      });
      const { connectionId } = (await connect(fake, key)).body;
      expect(await getConnection(connectionId)).toMatchObject({ isRefreshable: false, expiresAt: null });
      const calls = fake.tokenCalls.length;
      expect((await accessToken(connectionId)).status).toBe(200);
      expect(fake.tokenCalls.length).toBe(calls);
    });
  });

  describe("Figma's own refresh endpoint", () => {
    it('refreshes on `refresh` next to the (overridden) token URL', async () => {
      const fake = await fakeProvider({ requireBasic: true, refreshPath: '/v1/oauth/refresh' });
      const key = await createProvider({
        template: 'figma',
        authorizeUrl: `${fake.url}/oauth/authorize`,
        tokenUrl: `${fake.url}/v1/oauth/token`,
      });
      const { connectionId } = (await connect(fake, key)).body;
      expect((await forceRefresh(connectionId)).body).toMatchObject({ ok: true });
      expect(fake.tokenCalls.map((call) => call.path)).toEqual(['/v1/oauth/token', '/v1/oauth/refresh']);
    });
  });
});
