import { randomUUID } from 'node:crypto';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { closeSql } from '../support/db';
import { http } from '../support/http';
import { seedIntegration, seedOrg, SeededOrg } from '../support/seed';
import { waitUntil } from '../support/wait-until';
import { WebhookReceiver } from '../support/webhook-receiver';

describe('seeing a delivery: its attempts and its payload', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await startApp({ DELIVERY_BACKOFF_MS: '50', DELIVERY_MAX_ATTEMPTS: '3' });
    receiver = await WebhookReceiver.start();
  });
  afterEach(() => receiver.respondOk());
  afterAll(async () => {
    await t.close();
    await receiver.close();
    await closeSql();
  });

  async function deliver(org: SeededOrg, payload: string): Promise<string> {
    const path = `hooks-${randomUUID().slice(0, 8)}`;
    const integration = await seedIntegration(t.baseUrl, org, { deliveryUrl: receiver.url(path) });
    receiver.setSecret(path, integration.deliverySecret);
    const accepted = await http(t.baseUrl, 'POST', `/ingress/generic/${integration.instanceId}/events`, {
      raw: payload,
      headers: { 'content-type': 'application/json' },
    });
    expect(accepted.status).toBe(202);
    return accepted.body.deliveryId;
  }

  const attemptsOf = (org: SeededOrg, id: string) =>
    http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/ingress/deliveries/${id}/attempts`, { key: org.key });

  async function settled(org: SeededOrg, id: string, count: number) {
    return waitUntil(
      () => attemptsOf(org, id),
      (answer) => answer.status === 200 && answer.body.items.length === count,
    );
  }

  it('lists each attempt oldest first: status code, duration, error and the first KiB of the answer', async () => {
    const org = await seedOrg(t.baseUrl);
    receiver.respondInTurn([
      { status: 503, body: 'busy, try again later' },
      { status: 500, body: 'x'.repeat(5_000) },
      { status: 200, headers: { 'content-type': 'application/json' }, body: '{"received":true}' },
    ]);
    const id = await deliver(org, '{"order":1}');
    const answer = await settled(org, id, 3);
    expect(answer.status).toBe(200);
    const [first, second, third] = answer.body.items;
    expect(first).toEqual({
      attempt: 1,
      outcome: 'retry',
      startedAt: expect.any(String),
      durationMs: expect.any(Number),
      statusCode: 503,
      error: 'receiver answered HTTP 503',
      responseSnippet: 'busy, try again later',
    });
    expect(second).toMatchObject({ attempt: 2, outcome: 'retry', statusCode: 500 });
    expect(second.responseSnippet).toBe('x'.repeat(1024));
    expect(third).toMatchObject({
      attempt: 3,
      outcome: 'delivered',
      statusCode: 200,
      error: null,
      responseSnippet: '{"received":true}',
    });
    expect(Date.parse(first.startedAt)).toBeLessThan(Date.parse(second.startedAt));
    expect(Date.parse(second.startedAt)).toBeLessThan(Date.parse(third.startedAt));
    for (const item of answer.body.items) expect(item.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('records an unreachable receiver with no status code and says so', async () => {
    const org = await seedOrg(t.baseUrl);
    const integration = await seedIntegration(t.baseUrl, org, { deliveryUrl: 'http://127.0.0.1:9/hooks' });
    const accepted = await http(t.baseUrl, 'POST', `/ingress/generic/${integration.instanceId}/events`, {
      raw: '{"nobody":"home"}',
      headers: { 'content-type': 'application/json' },
    });
    const answer = await settled(org, accepted.body.deliveryId, 3);
    expect(answer.body.items.map((item: { outcome: string }) => item.outcome)).toEqual([
      'retry',
      'retry',
      'dead',
    ]);
    expect(answer.body.items[0]).toMatchObject({
      statusCode: null,
      error: 'receiver unreachable',
      responseSnippet: null,
    });
  });

  it('adds the payload only with ?include=payload', async () => {
    const org = await seedOrg(t.baseUrl);
    const id = await deliver(org, '{"action":"opened","issue":{"number":1347,"labels":["bug"]}}');
    const plain = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/ingress/deliveries/${id}`, {
      key: org.key,
    });
    expect(plain.status).toBe(200);
    expect(plain.body).not.toHaveProperty('payload');
    const withPayload = await http(
      t.baseUrl,
      'GET',
      `/v1/orgs/${org.id}/ingress/deliveries/${id}?include=payload`,
      { key: org.key },
    );
    expect(withPayload.status).toBe(200);
    expect(withPayload.body).toMatchObject({ id, status: expect.any(String) });
    expect(withPayload.body.payload).toEqual({ action: 'opened', issue: { number: 1347, labels: ['bug'] } });
    const unknownInclude = await http(
      t.baseUrl,
      'GET',
      `/v1/orgs/${org.id}/ingress/deliveries/${id}?include=secrets`,
      { key: org.key },
    );
    expect(unknownInclude.status).toBe(400);
    expect(unknownInclude.body.error.code).toBe('REQUEST.INVALID');
  });

  it("answers 404 for another org's delivery, its attempts and its payload, exactly as for a missing one", async () => {
    const org = await seedOrg(t.baseUrl);
    const other = await seedOrg(t.baseUrl);
    const id = await deliver(org, '{"private":"to org A"}');
    await settled(org, id, 1);
    const paths = [
      `/v1/orgs/${other.id}/ingress/deliveries/${id}/attempts`,
      `/v1/orgs/${other.id}/ingress/deliveries/${id}?include=payload`,
    ];
    for (const path of paths) {
      for (const key of [other.key, TEST_ADMIN_KEY]) {
        const answer = await http(t.baseUrl, 'GET', path, { key });
        expect(answer.status).toBe(404);
        expect(answer.body.error.code).toBe('DELIVERY.NOT_FOUND');
        expect(answer.text).not.toContain('private');
      }
    }
    // org A's key on org B's path: the org itself is not A's to see
    const crossed = await http(t.baseUrl, 'GET', `/v1/orgs/${other.id}/ingress/deliveries/${id}/attempts`, {
      key: org.key,
    });
    expect(crossed.status).toBe(404);
    const missing = await attemptsOf(org, randomUUID());
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('DELIVERY.NOT_FOUND');
  });
});
