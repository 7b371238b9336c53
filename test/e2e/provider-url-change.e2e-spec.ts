import { startApp, TestApp } from '../support/app';
import { closeSql } from '../support/db';
import { FakeTokenEndpoint, startFakeTokenEndpoint } from '../support/fake-token-endpoint';
import { http } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { seedOrg } from '../support/seed';

describe('PATCH /v1/orgs/:orgId/providers/:id changing where secrets go', () => {
  let t: TestApp;
  let original: FakeTokenEndpoint;
  let attacker: FakeTokenEndpoint;

  beforeAll(async () => {
    original = await startFakeTokenEndpoint();
    attacker = await startFakeTokenEndpoint();
    t = await startApp({ PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600' });
  });
  afterAll(async () => {
    await t.close();
    await original.close();
    await attacker.close();
    await closeSql();
  });

  async function providerWithConnection() {
    const org = await seedOrg(t.baseUrl);
    const provider = await createProvider(t.baseUrl, org, {
      tokenUrl: original.url,
      clientSecret: 'original-client-secret',
      apiBaseUrl: 'http://127.0.0.1:9/api',
    });
    const connection = await importConnection(t.baseUrl, org, provider.key, {
      accessToken: 'stored-access-token',
      refreshToken: 'stored-refresh-token',
      expiresIn: 3600,
    });
    return { org, provider, connection, path: `/v1/orgs/${org.id}/providers/${provider.id}` };
  }

  it.each([
    ['tokenUrl', () => attacker.url],
    ['authorizeUrl', () => 'http://attacker.invalid/authorize'],
    ['apiBaseUrl', () => 'http://attacker.invalid/api'],
  ])('answers 400 PROVIDER.SECRET_REQUIRED when %s changes without clientSecret', async (field, value) => {
    const { org, provider, connection, path } = await providerWithConnection();
    const result = await http(t.baseUrl, 'PATCH', path, { key: org.key, body: { [field]: value() } });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('PROVIDER.SECRET_REQUIRED');
    expect(result.body.error.message).toContain(field);

    const stored = await http(t.baseUrl, 'GET', path, { key: org.key });
    expect(stored.body[field]).toBe(provider[field]);
    // the next refresh still goes to the host the secret was entered for, and only there
    const originalCalls = original.count();
    const refreshed = await http(
      t.baseUrl,
      'POST',
      `/v1/orgs/${org.id}/connections/${connection.id}/refresh`,
      {
        key: org.key,
      },
    );
    expect(refreshed.body.ok).toBe(true);
    expect(original.count()).toBe(originalCalls + 1);
    expect(attacker.count()).toBe(0);
  });

  it('moves the provider when the PATCH carries clientSecret again, and refreshes there with the new secret', async () => {
    const { org, connection, path } = await providerWithConnection();
    const moved = await http(t.baseUrl, 'PATCH', path, {
      key: org.key,
      body: { tokenUrl: attacker.url, clientSecret: 're-entered-client-secret' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.tokenUrl).toBe(attacker.url);
    const refreshed = await http(
      t.baseUrl,
      'POST',
      `/v1/orgs/${org.id}/connections/${connection.id}/refresh`,
      {
        key: org.key,
      },
    );
    expect(refreshed.body.ok).toBe(true);
    expect(attacker.calls.at(-1)?.params.client_secret).toBe('re-entered-client-secret');
    attacker.calls.length = 0;
  });

  it('accepts a PATCH repeating the current URLs, or changing other fields, without clientSecret', async () => {
    const { org, provider, path } = await providerWithConnection();
    const result = await http(t.baseUrl, 'PATCH', path, {
      key: org.key,
      body: { tokenUrl: provider.tokenUrl, apiBaseUrl: provider.apiBaseUrl, scopes: ['read'] },
    });
    expect(result.status).toBe(200);
    expect(result.body.scopes).toEqual(['read']);
  });
});
