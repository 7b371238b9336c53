import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { http } from '../support/http';
import { SeededOrg, seedOrg } from '../support/seed';

const PUBLIC_URL = 'http://plugboard.test';

const REQUIRED = [
  'slack',
  'github',
  'google',
  'microsoft',
  'notion',
  'linear',
  'atlassian',
  'hubspot',
  'salesforce',
  'zoom',
  'dropbox',
  'asana',
  'discord',
  'figma',
  'intercom',
  'shopify',
  'zendesk',
  'airtable',
  'gitlab',
  'box',
];

describe('provider catalog over HTTP', () => {
  let t: TestApp;
  let org: SeededOrg;

  beforeAll(async () => {
    t = await startApp({ PUBLIC_URL, PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600' });
    org = await seedOrg(t.baseUrl);
  });
  afterAll(async () => {
    await t.close();
    await closeSql();
  });

  const createFromTemplate = (body: Record<string, unknown>) =>
    http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/providers`, { key: org.key, body });

  const authorize = (body: Record<string, unknown>) =>
    http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections/authorize`, { key: org.key, body });

  const statesOfOrg = async () =>
    Number((await sql(`SELECT count(*) AS n FROM oauth_states WHERE organization_id = $1`, [org.id]))[0].n);

  describe('GET /v1/catalog/providers', () => {
    it('lists every required template with its URLs, methods, scopes, params and docs link', async () => {
      const answer = await http(t.baseUrl, 'GET', '/v1/catalog/providers', { key: org.key });
      expect(answer.status).toBe(200);
      const items = answer.body.items as Array<Record<string, unknown>>;
      expect(items.map((item) => item.template)).toEqual(expect.arrayContaining(REQUIRED));
      for (const item of items) {
        expect(Object.keys(item).sort()).toEqual(
          [
            'apiBaseUrl',
            'authorizeUrl',
            'defaultScopes',
            'docsUrl',
            'errorStyle',
            'name',
            'params',
            'quirks',
            'template',
            'tokenAuthMethod',
            'tokenUrl',
            'usePkce',
          ].sort(),
        );
      }
      expect(items.find((item) => item.template === 'shopify')).toMatchObject({
        authorizeUrl: 'https://{shop}.myshopify.com/admin/oauth/authorize',
        params: ['shop'],
      });
      expect(items.find((item) => item.template === 'zendesk')).toMatchObject({ params: ['subdomain'] });
      expect(items.find((item) => item.template === 'notion')).toMatchObject({
        tokenAuthMethod: 'client_secret_basic',
        params: [],
      });
    });

    it('answers the operator key too, and 401 without a valid key', async () => {
      expect((await http(t.baseUrl, 'GET', '/v1/catalog/providers', { key: TEST_ADMIN_KEY })).status).toBe(
        200,
      );
      const anonymous = await http(t.baseUrl, 'GET', '/v1/catalog/providers');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe('AUTH.UNAUTHENTICATED');
      expect((await http(t.baseUrl, 'GET', '/v1/catalog/providers', { key: 'pbk_nope' })).status).toBe(401);
    });
  });

  describe('POST /v1/orgs/:orgId/providers with a template', () => {
    it('fills every field from the template with two fields besides the key, and never returns the secret', async () => {
      const created = await createFromTemplate({
        key: 'slack',
        template: 'slack',
        clientId: 'slack-client',
        clientSecret: 'slack-client-secret-1',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        key: 'slack',
        template: 'slack',
        authorizeUrl: 'https://slack.com/oauth/v2/authorize',
        tokenUrl: 'https://slack.com/api/oauth.v2.access',
        apiBaseUrl: 'https://slack.com/api',
        tokenAuthMethod: 'client_secret_post',
        usePkce: false,
        errorStyle: 'slack',
        scopes: ['chat:write'],
        hasClientSecret: true,
        resource: null,
      });
      expect(created.text).not.toContain('slack-client-secret-1');
      const read = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/providers/${created.body.id}`, {
        key: org.key,
      });
      expect(read.body.template).toBe('slack');
    });

    it('lets explicit fields win', async () => {
      const created = await createFromTemplate({
        key: 'google-custom',
        template: 'google',
        clientId: 'g',
        clientSecret: 'google-secret-123',
        scopes: ['https://www.googleapis.com/auth/drive.readonly'],
        apiBaseUrl: 'https://www.googleapis.com/drive/v3',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        template: 'google',
        tokenUrl: 'https://oauth2.googleapis.com/token',
        scopes: ['https://www.googleapis.com/auth/drive.readonly'],
        apiBaseUrl: 'https://www.googleapis.com/drive/v3',
      });
    });

    it('answers 400 for an unknown template or a template without clientId, and stores nothing', async () => {
      for (const body of [
        { key: 'nope-1', template: 'myspace', clientId: 'x' },
        { key: 'nope-2', template: 'slack' },
        { key: 'nope-3', template: 'slack', clientId: 'x', mcpServerUrl: 'https://mcp.example.com/mcp' },
        { key: 'nope-4', clientId: 'x' },
      ]) {
        const answer = await createFromTemplate(body);
        expect(answer.status).toBe(400);
        expect(answer.body.error.code).toBe('REQUEST.INVALID');
      }
      const stored = await sql(
        `SELECT key FROM oauth_providers WHERE organization_id = $1 AND key LIKE 'nope-%'`,
        [org.id],
      );
      expect(stored).toHaveLength(0);
    });
  });

  describe('authorize URLs carry the template quirks', () => {
    const query = async (template: string, body: Record<string, unknown> = {}) => {
      const key = `${template}-${Math.random().toString(36).slice(2, 8)}`;
      expect(
        (await createFromTemplate({ key, template, clientId: 'id', clientSecret: 'template-secret-1' }))
          .status,
      ).toBe(201);
      const started = await authorize({ provider: key, ...body });
      expect(started.status).toBe(200);
      return new URL(started.body.authorizeUrl as string);
    };

    it('Google asks for offline access and consent, with PKCE', async () => {
      const url = await query('google');
      expect(url.origin + url.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
      expect(url.searchParams.get('access_type')).toBe('offline');
      expect(url.searchParams.get('prompt')).toBe('consent');
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/oauth/callback`);
    });

    it('Dropbox asks for token_access_type=offline; Notion for owner=user; Atlassian for its audience', async () => {
      expect((await query('dropbox')).searchParams.get('token_access_type')).toBe('offline');
      expect((await query('notion')).searchParams.get('owner')).toBe('user');
      const atlassian = await query('atlassian');
      expect(atlassian.searchParams.get('audience')).toBe('api.atlassian.com');
      expect(atlassian.searchParams.get('scope')).toBe('offline_access read:me');
    });

    it('Slack and Linear join scopes with commas', async () => {
      expect(
        (await query('slack', { scopes: ['chat:write', 'channels:read'] })).searchParams.get('scope'),
      ).toBe('chat:write,channels:read');
      expect((await query('linear', { scopes: ['read', 'write'] })).searchParams.get('scope')).toBe(
        'read,write',
      );
    });

    it('the standard parameters always win over a template extra', async () => {
      const url = await query('google');
      expect(url.searchParams.getAll('response_type')).toEqual(['code']);
      expect(url.searchParams.getAll('client_id')).toEqual(['id']);
    });
  });

  describe('per-connection params (Shopify {shop}, Zendesk {subdomain})', () => {
    beforeAll(async () => {
      for (const template of ['shopify', 'zendesk']) {
        const created = await createFromTemplate({
          key: template,
          template,
          clientId: 'id',
          clientSecret: 'params-secret-1',
        });
        expect(created.status).toBe(201);
      }
    });

    it("fills the shop into the authorize URL's host", async () => {
      const started = await authorize({ provider: 'shopify', params: { shop: 'acme-store' } });
      expect(started.status).toBe(200);
      const url = new URL(started.body.authorizeUrl);
      expect(url.origin + url.pathname).toBe('https://acme-store.myshopify.com/admin/oauth/authorize');
      expect(url.searchParams.get('scope')).toBe('read_products');
      const zendesk = await authorize({ provider: 'zendesk', params: { subdomain: 'acme' } });
      expect(new URL(zendesk.body.authorizeUrl).host).toBe('acme.zendesk.com');
    });

    it.each([
      ['missing', undefined],
      ['a slash', { shop: 'evil.com/x' }],
      ['an at sign', { shop: 'evil.com@acme' }],
      ['a colon', { shop: 'acme:443' }],
      ['a dot', { shop: 'evil.com' }],
      ['a dot-only label', { shop: '..' }],
      ['an encoded slash', { shop: 'a%2fb' }],
      ['a number', { shop: 42 }],
      ['an unknown name', { shop: 'acme', host: 'evil' }],
    ])('answers 400 for %s and stores no state', async (_label, params) => {
      const before = await statesOfOrg();
      const answer = await authorize({ provider: 'shopify', ...(params === undefined ? {} : { params }) });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('REQUEST.INVALID');
      expect(answer.body.error.message).toMatch(/params\./);
      expect(await statesOfOrg()).toBe(before);
    });

    it('stores the params on an imported connection, shows them, and refuses a reconnect to another shop', async () => {
      const imported = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections`, {
        key: org.key,
        body: {
          provider: 'shopify',
          params: { shop: 'acme' },
          tokens: { accessToken: 'shpat_imported_1234' },
        },
      });
      expect(imported.status).toBe(201);
      expect(imported.body.params).toEqual({ shop: 'acme' });
      const reconnect = await authorize({ provider: 'shopify', connectionId: imported.body.id });
      expect(reconnect.status).toBe(200);
      expect(new URL(reconnect.body.authorizeUrl).host).toBe('acme.myshopify.com');
      const moved = await authorize({
        provider: 'shopify',
        connectionId: imported.body.id,
        params: { shop: 'other' },
      });
      expect(moved.status).toBe(400);
      const bad = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections`, {
        key: org.key,
        body: {
          provider: 'shopify',
          params: { shop: 'a.b' },
          tokens: { accessToken: 'shpat_imported_5678' },
        },
      });
      expect(bad.status).toBe(400);
    });
  });
});
