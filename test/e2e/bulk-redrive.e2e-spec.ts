import { randomUUID } from 'node:crypto';
import { Plugboard, RedriveProgress } from '@plugboard/sdk';
import { startApp, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { http } from '../support/http';
import { ingressBurst } from '../support/ingress-burst';
import { seedIntegration, seedOrg, SeededOrg } from '../support/seed';
import { waitUntil } from '../support/wait-until';
import { WebhookReceiver } from '../support/webhook-receiver';

describe('bulk redrive: remaining, integrationId, and redriveAll following it', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await startApp({ LOG_LEVEL: 'info', RATE_LIMIT_API_PER_MINUTE: '0' });
    receiver = await WebhookReceiver.start();
  });
  afterEach(() => receiver.respondOk());
  afterAll(async () => {
    await t.close();
    await receiver.close();
    await closeSql();
  });

  /** `count` deliveries of a new integration, dead-lettered by a receiver answering 400. */
  async function deadLetters(org: SeededOrg, count: number) {
    const path = `hooks-${randomUUID().slice(0, 8)}`;
    const integration = await seedIntegration(t.baseUrl, org, { deliveryUrl: receiver.url(path) });
    receiver.setSecret(path, integration.deliverySecret);
    receiver.respondWith(400);
    const results = await ingressBurst({
      target: () => t.baseUrl,
      path: `/ingress/generic/${integration.instanceId}/events`,
      count,
      clients: 8,
    });
    expect(results.every((result) => result.status === 202)).toBe(true);
    const dead = await waitUntil(
      async () =>
        (
          await sql<{ count: number }>(
            `SELECT count(*)::int AS count FROM deliveries WHERE integration_id = $1 AND status = 'DEAD'`,
            [integration.id],
          )
        )[0].count,
      (found) => found === count,
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(dead).toBe(count);
    return { ...integration, path };
  }

  const redrive = (org: SeededOrg, body: Record<string, unknown>) =>
    http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/ingress/redrive`, { key: org.key, body });

  it('counts what is left after each call of 500, and an integration’s redrive leaves the others alone', async () => {
    const org = await seedOrg(t.baseUrl);
    const big = await deadLetters(org, 1_050);
    const other = await deadLetters(org, 30);
    receiver.respondOk();

    const first = await redrive(org, { status: 'DEAD', integrationId: big.id });
    expect(first.status).toBe(200);
    expect(first.body.results).toHaveLength(500);
    expect(first.body.results.every((result: { handled: boolean }) => result.handled)).toBe(true);
    expect(first.body.remaining).toBe(550);
    const second = await redrive(org, { status: 'DEAD', integrationId: big.id });
    expect([second.body.results.length, second.body.remaining]).toEqual([500, 50]);
    const third = await redrive(org, { status: 'DEAD', integrationId: big.id });
    expect([third.body.results.length, third.body.remaining]).toEqual([50, 0]);
    const ids = new Set(
      [first, second, third].flatMap((answer) =>
        answer.body.results.map((result: { deliveryId: string }) => result.deliveryId),
      ),
    );
    expect(ids.size).toBe(1_050);
    // the other integration's dead letters were neither replayed nor counted
    const [{ count }] = await sql<{ count: number }>(
      `SELECT count(*)::int AS count FROM deliveries WHERE integration_id = $1 AND status = 'DEAD'`,
      [other.id],
    );
    expect(count).toBe(30);
    expect(receiver.forPath(other.path).length).toBe(30);
    const orgWide = await redrive(org, { status: 'DEAD' });
    expect([orgWide.body.results.length, orgWide.body.remaining]).toEqual([30, 0]);
  });

  it('counts a failed replay as remaining, and works through every DEAD row before trying one again', async () => {
    const org = await seedOrg(t.baseUrl);
    const integration = await deadLetters(org, 520);
    // still refusing: every replay fails and returns its row to DEAD
    const first = await redrive(org, { status: 'DEAD', integrationId: integration.id });
    expect(first.body.results.every((result: { handled: boolean }) => !result.handled)).toBe(true);
    expect(first.body.remaining).toBe(520);
    const second = await redrive(org, { status: 'DEAD', integrationId: integration.id });
    const firstIds = new Set(first.body.results.map((result: { deliveryId: string }) => result.deliveryId));
    const secondIds: string[] = second.body.results.map(
      (result: { deliveryId: string }) => result.deliveryId,
    );
    // the 20 never tried are taken before any of the 500 just tried comes round again
    expect(secondIds.filter((id) => !firstIds.has(id))).toHaveLength(20);
  });

  it('answers 400 for integrationId with deliveryIds or alone, 404 for an integration not of the org', async () => {
    const org = await seedOrg(t.baseUrl);
    const other = await seedOrg(t.baseUrl);
    const foreign = await seedIntegration(t.baseUrl, other);
    const mixed = await redrive(org, { deliveryIds: [randomUUID()], integrationId: foreign.id });
    expect([mixed.status, mixed.body.error.code]).toEqual([400, 'REQUEST.INVALID']);
    const alone = await redrive(org, { integrationId: foreign.id });
    expect(alone.status).toBe(400);
    const notOurs = await redrive(org, { status: 'DEAD', integrationId: foreign.id });
    expect([notOurs.status, notOurs.body.error.code]).toEqual([404, 'INTEGRATION.NOT_FOUND']);
  });

  it("the SDK's redriveAll follows remaining to the end, with progress, and stops when every replay fails", async () => {
    const org = await seedOrg(t.baseUrl);
    const integration = await deadLetters(org, 620);
    const pb = new Plugboard({ baseUrl: t.baseUrl, apiKey: org.key, orgId: org.id });

    const failing: RedriveProgress[] = [];
    const stopped = await pb.deliveries.redriveAll({
      integrationId: integration.id,
      onProgress: (progress) => failing.push(progress),
    });
    expect(stopped).toMatchObject({ batches: 1, handled: 0, failed: 500, remaining: 620, total: 620 });

    receiver.respondOk();
    const reports: RedriveProgress[] = [];
    const done = await pb.deliveries.redriveAll({
      integrationId: integration.id,
      onProgress: (progress) => reports.push(progress),
    });
    expect(done).toEqual({ batches: 2, handled: 620, failed: 0, remaining: 0, total: 620 });
    expect(reports.map((report) => report.remaining)).toEqual([120, 0]);
    const [{ count }] = await sql<{ count: number }>(
      `SELECT count(*)::int AS count FROM deliveries WHERE integration_id = $1 AND status = 'DELIVERED'`,
      [integration.id],
    );
    expect(count).toBe(620);
  });
});
