import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { http } from '../support/http';
import { seedOrg } from '../support/seed';

describe('GET /v1/me', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers {type:"operator"} for the operator key', async () => {
    const result = await http(t.baseUrl, 'GET', '/v1/me', { key: TEST_ADMIN_KEY });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ type: 'operator' });
  });

  it('answers the org and key id for an org key, so a client can start from the key alone', async () => {
    const org = await seedOrg(t.baseUrl);
    const second = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/api-keys`, {
      key: TEST_ADMIN_KEY,
      body: { name: 'second' },
    });
    const result = await http(t.baseUrl, 'GET', '/v1/me', { key: second.body.key });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ type: 'org', orgId: org.id, keyId: second.body.id });
  });

  it('answers 401 AUTH.UNAUTHENTICATED without a key and with an unknown key', async () => {
    for (const key of [undefined, 'pbk_not-a-real-key']) {
      const result = await http(t.baseUrl, 'GET', '/v1/me', { key });
      expect(result.status).toBe(401);
      expect(result.body.error).toEqual({
        code: 'AUTH.UNAUTHENTICATED',
        message: expect.any(String),
        requestId: result.headers.get('x-request-id'),
      });
    }
  });
});
