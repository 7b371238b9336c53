import { TestApp } from '../support/app';
import { FakeTokenEndpoint } from '../support/fake-token-endpoint';
import { CREDENTIAL_INVALIDATED } from '../../src/shared/events';
import { sql } from '../support/db';
import { http } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { seedOrg } from '../support/seed';
import { openStored } from '../support/stored-secrets';
import { useOAuthHarness } from '../support/oauth-harness';

describe('OAuth providers over HTTP', () => {
  const harness = useOAuthHarness();
  const { eventsFor, getConnection } = harness;
  let t: TestApp;
  let fake: FakeTokenEndpoint;
  beforeAll(() => ({ t, fake } = harness.running()));
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
