import { randomUUID } from 'node:crypto';
import { DeliveriesService } from '../../../src/modules/ingress';
import { EventBus } from '../../../src/shared/event-bus';
import { CREDENTIAL_INVALIDATED } from '../../../src/shared/events';
import { startApp, TestApp } from '../../support/app';
import { closeSql, sql } from '../../support/db';
import { http } from '../../support/http';
import { seedConnection, seedIntegration, seedOrg, SeededOrg } from '../../support/seed';
import { WebhookReceiver } from '../../support/webhook-receiver';

async function redisReachable(): Promise<boolean> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const socket = net.connect(6379, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const modes: Array<{ name: string; env: () => Promise<Record<string, string>> }> = [
  { name: 'inline dispatch (no Redis)', env: async () => ({}) },
  {
    name: 'BullMQ on Redis 127.0.0.1:6379',
    env: async () => {
      if (!(await redisReachable())) {
        console.warn(
          '\n[test] !!! Redis 127.0.0.1:6379 is NOT reachable: the BullMQ redrive suite runs inline !!!\n',
        );
        return {};
      }
      return { REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: `pbtest-${randomUUID().slice(0, 8)}` };
    },
  },
];

describe.each(modes)('POST /v1/orgs/:orgId/ingress/redrive — $name', ({ env }) => {
  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await startApp({
      DELIVERY_BACKOFF_MS: '20',
      DELIVERY_MAX_ATTEMPTS: '3',
      ...(await env()),
    });
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
    await closeSql();
  });

  async function deadDeliveries(org: SeededOrg, count: number): Promise<{ path: string; ids: string[] }> {
    const path = `hooks-${randomUUID().slice(0, 8)}`;
    const integration = await seedIntegration(t.baseUrl, org, { deliveryUrl: receiver.url(path) });
    receiver.setSecret(path, integration.deliverySecret);
    const ids: string[] = [];
    receiver.respondWith(500);
    for (let index = 0; index < count; index++) {
      const accepted = await http(t.baseUrl, 'POST', `/ingress/generic/${integration.instanceId}/events`, {
        raw: JSON.stringify({ index, nonce: randomUUID() }),
        headers: { 'content-type': 'application/json' },
      });
      expect(accepted.status).toBe(202);
      ids.push(accepted.body.deliveryId);
    }
    await waitUntil(async () => (await statuses(ids)).every((status) => status === 'DEAD'));
    return { path, ids };
  }

  const statuses = async (ids: string[]) =>
    (await sql(`SELECT status FROM deliveries WHERE id = ANY($1::uuid[]) ORDER BY id`, [ids])).map(
      (row) => row.status,
    );

  async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
    const started = Date.now();
    while (!(await condition())) {
      if (Date.now() - started > timeoutMs) throw new Error('condition not met');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const redrive = (org: SeededOrg, body: unknown) =>
    http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/ingress/redrive`, { key: org.key, body });

  it('replays DEAD deliveries once the receiver is fixed: handled, delivered, attempts counted', async () => {
    const org = await seedOrg(t.baseUrl);
    const { ids } = await deadDeliveries(org, 2);
    receiver.respondOk();
    const result = await redrive(org, { deliveryIds: ids });
    expect(result.status).toBe(200);
    expect(result.body.results).toHaveLength(2);
    for (const entry of result.body.results) {
      expect(ids).toContain(entry.deliveryId);
      expect(['queued', 'dispatched']).toContain(entry.outcome);
      expect(entry.handled).toBe(true);
    }
    await waitUntil(async () => (await statuses(ids)).every((status) => status === 'DELIVERED'));
    const [row] = await sql(`SELECT attempts FROM deliveries WHERE id = $1`, [ids[0]]);
    expect(row.attempts).toBe(4);
    const recorded = await sql(
      `SELECT kind, outcome FROM delivery_attempts WHERE delivery_id = $1 AND kind = 'redrive'`,
      [ids[0]],
    );
    expect(recorded).toHaveLength(1);
  });

  it('leaves a delivery DEAD when the receiver still fails', async () => {
    const org = await seedOrg(t.baseUrl);
    const { ids } = await deadDeliveries(org, 1);
    receiver.respondWith(500);
    try {
      const result = await redrive(org, { status: 'DEAD' });
      expect(result.status).toBe(200);
      expect(result.body.results).toHaveLength(1);
      const [entry] = result.body.results;
      if (entry.outcome === 'failed') expect(entry.handled).toBe(false);
      await waitUntil(async () => (await statuses(ids))[0] === 'DEAD');
      const [row] = await sql(`SELECT attempts, last_error FROM deliveries WHERE id = $1`, [ids[0]]);
      expect(row.attempts).toBeGreaterThan(3);
      expect(row.last_error).toContain('500');
    } finally {
      receiver.respondOk();
    }
  });

  it('delivers each row once when two redrives of the same DEAD rows run at once', async () => {
    const org = await seedOrg(t.baseUrl);
    const { ids } = await deadDeliveries(org, 5);
    receiver.respondOk();
    const before = new Map(ids.map((id) => [id, receiver.countFor(id)]));
    const [first, second] = await Promise.all([
      redrive(org, { deliveryIds: ids }),
      redrive(org, { status: 'DEAD' }),
    ]);
    const handled = [...first.body.results, ...second.body.results].filter((entry) => entry.handled);
    expect(handled.map((entry) => entry.deliveryId).sort()).toEqual([...ids].sort());
    await waitUntil(async () => (await statuses(ids)).every((status) => status === 'DELIVERED'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const id of ids) expect(receiver.countFor(id) - (before.get(id) ?? 0)).toBe(1);
  });

  it('discards PARKED deliveries past the retention for the sweep, leaving recent ones parked', async () => {
    const org = await seedOrg(t.baseUrl);
    const connectionId = await seedConnection(t.baseUrl, org);
    const integration = await seedIntegration(t.baseUrl, org, {
      deliveryUrl: receiver.url('parked'),
      connectionIds: [connectionId],
    });
    await t.app
      .get(EventBus)
      .publish(CREDENTIAL_INVALIDATED, { orgId: org.id, connectionId, reason: 'revoked' });
    const ids: string[] = [];
    for (const body of ['{"old":1}', '{"new":1}']) {
      const accepted = await http(t.baseUrl, 'POST', `/ingress/generic/${integration.instanceId}/events`, {
        raw: body,
        headers: { 'content-type': 'application/json' },
      });
      ids.push(accepted.body.deliveryId);
    }
    await waitUntil(async () => (await statuses(ids)).every((status) => status === 'PARKED'));
    // age one row past the 72 h retention (no API writes received_at)
    await sql(`UPDATE deliveries SET received_at = now() - interval '73 hours' WHERE id = $1`, [ids[0]]);
    const discarded = await t.app.get(DeliveriesService).discardExpiredParked();
    expect(discarded).toBeGreaterThanOrEqual(1);
    const rows = await sql(`SELECT id, status FROM deliveries WHERE id = ANY($1::uuid[])`, [ids]);
    expect(Object.fromEntries(rows.map((row) => [row.id, row.status]))).toEqual({
      [ids[0]]: 'DISCARDED',
      [ids[1]]: 'PARKED',
    });
  });

  it('answers failed, handled false for ids that are not DEAD, and 400 without ids or status', async () => {
    const org = await seedOrg(t.baseUrl);
    const result = await redrive(org, { deliveryIds: [randomUUID()] });
    expect(result.body.results).toEqual([
      { deliveryId: expect.any(String), outcome: 'failed', handled: false },
    ]);
    expect((await redrive(org, {})).status).toBe(400);
  });
});
