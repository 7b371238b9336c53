import { randomUUID } from 'node:crypto';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { http } from '../support/http';
import { seedOrg } from '../support/seed';

describe('tenancy over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t.close();
    await closeSql();
  });

  describe('POST /v1/orgs', () => {
    it('creates an org for the operator and answers 201 with id, name and createdAt', async () => {
      const result = await http(t.baseUrl, 'POST', '/v1/orgs', {
        key: TEST_ADMIN_KEY,
        body: { name: 'Acme' },
      });
      expect(result.status).toBe(201);
      expect(result.body).toEqual({ id: expect.any(String), name: 'Acme', createdAt: expect.any(String) });
    });

    it('answers 403 AUTH.FORBIDDEN to an org key', async () => {
      const org = await seedOrg(t.baseUrl);
      const result = await http(t.baseUrl, 'POST', '/v1/orgs', { key: org.key, body: { name: 'x' } });
      expect(result.status).toBe(403);
      expect(result.body.error.code).toBe('AUTH.FORBIDDEN');
    });

    it('rejects unknown fields with 400 REQUEST.INVALID naming the field', async () => {
      const result = await http(t.baseUrl, 'POST', '/v1/orgs', {
        key: TEST_ADMIN_KEY,
        body: { name: 'x', plan: 'gold' },
      });
      expect(result.status).toBe(400);
      expect(result.body.error.code).toBe('REQUEST.INVALID');
      expect(result.body.error.message).toContain('plan');
    });

    it('rejects a missing name and malformed JSON with 400 in the error shape', async () => {
      const missing = await http(t.baseUrl, 'POST', '/v1/orgs', { key: TEST_ADMIN_KEY, body: {} });
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toContain('name');
      const malformed = await http(t.baseUrl, 'POST', '/v1/orgs', {
        key: TEST_ADMIN_KEY,
        raw: '{"name":',
        headers: { 'content-type': 'application/json' },
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error).toEqual({
        code: 'REQUEST.INVALID',
        message: expect.any(String),
        requestId: expect.any(String),
      });
    });
  });

  describe('authentication', () => {
    it('answers 401 AUTH.UNAUTHENTICATED with no key, a wrong key and a revoked key', async () => {
      const org = await seedOrg(t.baseUrl);
      const none = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}`);
      const wrong = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}`, { key: 'pbk_not-a-real-key' });
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe('AUTH.UNAUTHENTICATED');
      expect(wrong.status).toBe(401);

      const extra = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/api-keys`, {
        key: TEST_ADMIN_KEY,
        body: { name: 'ci' },
      });
      expect((await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}`, { key: extra.body.key })).status).toBe(200);
      const revoke = await http(t.baseUrl, 'DELETE', `/v1/orgs/${org.id}/api-keys/${extra.body.id}`, {
        key: TEST_ADMIN_KEY,
      });
      expect(revoke.status).toBe(204);
      expect((await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}`, { key: extra.body.key })).status).toBe(401);
    });

    it('shows the org key once and stores only its hash', async () => {
      const org = await seedOrg(t.baseUrl);
      expect(org.key).toMatch(/^pbk_[A-Za-z0-9_-]{40,}$/);
      const rows = await sql<{ key_hash: string }>(
        'SELECT key_hash FROM api_keys WHERE organization_id = $1',
        [org.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].key_hash).not.toContain(org.key);
      expect(rows[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe('cross-org access', () => {
    it("answers 404 when org B's key reads org A, exactly like an org that does not exist", async () => {
      const orgA = await seedOrg(t.baseUrl);
      const orgB = await seedOrg(t.baseUrl);
      const crossOrg = await http(t.baseUrl, 'GET', `/v1/orgs/${orgA.id}`, { key: orgB.key });
      const missing = await http(t.baseUrl, 'GET', `/v1/orgs/${randomUUID()}`, { key: orgB.key });
      expect(crossOrg.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(crossOrg.body.error.code).toBe(missing.body.error.code);
      expect(crossOrg.body.error.message).toBe(missing.body.error.message);
      const own = await http(t.baseUrl, 'GET', `/v1/orgs/${orgB.id}`, { key: orgB.key });
      expect(own.status).toBe(200);
      expect(own.body.id).toBe(orgB.id);
    });

    it('answers 404 for a malformed org id instead of a database error', async () => {
      const result = await http(t.baseUrl, 'GET', '/v1/orgs/not-a-uuid', { key: TEST_ADMIN_KEY });
      expect(result.status).toBe(404);
    });

    it("does not let the operator delete org A's key through org B's path", async () => {
      const orgA = await seedOrg(t.baseUrl);
      const orgB = await seedOrg(t.baseUrl);
      const keyA = await http(t.baseUrl, 'POST', `/v1/orgs/${orgA.id}/api-keys`, {
        key: TEST_ADMIN_KEY,
        body: {},
      });
      const result = await http(t.baseUrl, 'DELETE', `/v1/orgs/${orgB.id}/api-keys/${keyA.body.id}`, {
        key: TEST_ADMIN_KEY,
      });
      expect(result.status).toBe(404);
      expect((await http(t.baseUrl, 'GET', `/v1/orgs/${orgA.id}`, { key: keyA.body.key })).status).toBe(200);
    });
  });

  describe('errors', () => {
    it('puts the same request id in the body and the x-request-id header, and keeps a caller-supplied one', async () => {
      const minted = await http(t.baseUrl, 'GET', '/v1/orgs/whatever');
      expect(minted.body.error.requestId).toBe(minted.headers.get('x-request-id'));
      const supplied = await http(t.baseUrl, 'GET', '/v1/orgs/whatever', {
        headers: { 'x-request-id': 'trace-abc.123' },
      });
      expect(supplied.headers.get('x-request-id')).toBe('trace-abc.123');
      expect(supplied.body.error.requestId).toBe('trace-abc.123');
    });

    it('answers an unknown route with 404 in the error shape', async () => {
      const result = await http(t.baseUrl, 'GET', '/no/such/route');
      expect(result.status).toBe(404);
      expect(result.body.error.code).toBe('ROUTE.NOT_FOUND');
    });
  });

  describe('operations', () => {
    it('answers /health/live and /health/ready with 200', async () => {
      expect((await http(t.baseUrl, 'GET', '/health/live')).status).toBe(200);
      const ready = await http(t.baseUrl, 'GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.details.database.status).toBe('up');
    });

    it('labels the request histogram with the route template, never an id', async () => {
      const org = await seedOrg(t.baseUrl);
      await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}`, { key: org.key });
      const metrics = await http(t.baseUrl, 'GET', '/metrics');
      expect(metrics.text).toContain('route="/v1/orgs/:orgId"');
      expect(metrics.text).not.toContain(org.id);
      expect(metrics.text).toMatch(/^process_cpu_user_seconds_total /m);
      expect(metrics.text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    });

    it('documents the tenancy routes in /docs-json', async () => {
      const docs = await http(t.baseUrl, 'GET', '/docs-json');
      expect(docs.status).toBe(200);
      expect(Object.keys(docs.body.paths)).toEqual(
        expect.arrayContaining([
          '/v1/orgs',
          '/v1/orgs/{orgId}',
          '/v1/orgs/{orgId}/api-keys',
          '/v1/orgs/{orgId}/api-keys/{id}',
        ]),
      );
      expect(docs.body.paths['/v1/orgs'].post.security).toBeDefined();
    });
  });
});
