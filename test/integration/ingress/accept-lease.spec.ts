import { randomUUID } from 'node:crypto';
import { startApp, TestApp } from '../../support/app';
import { closeSql, sql } from '../../support/db';
import { http } from '../../support/http';
import { SeededIntegration } from '../../support/seed';
import { waitUntil } from '../../support/wait-until';
import { seedPushingTo } from '../../support/pushing-integration';
import { WebhookReceiver } from '../../support/webhook-receiver';

/**
 * Without Redis, an accepted batch is stored already claimed by the accepting process's dispatcher
 * while it has room: the row is inserted QUEUED under a lease with its attempt counted and POSTed at
 * once, or held in memory until one of the 32 slots frees (at most 32 held), so a delivered webhook
 * costs one update (its outcome) instead of two (claim and outcome). Rows beyond that room are
 * stored unclaimed and found by the claim loop. A held row that waited longer than one POST's
 * timeout is released unPOSTed, and claimed again at once.
 *
 * The writes are observed by row triggers on `deliveries`, scoped to the test's integration.
 */
interface Write {
  op: string;
  id: string;
  status: string;
  leased: boolean;
  attempts: number;
}

interface Writes {
  inserted: Array<Omit<Write, 'op'>>;
  /** Updates per delivery id. */
  updates: Map<string, number>;
  /** One delivery's writes in order. */
  of(id: string): Write[];
}

/**
 * A held row's writes as [op, status, leased, attempts] when it is released unPOSTed: inserted leased,
 * released (unleased, attempt uncounted), claimed again (attempt 1), delivered.
 */
const RELEASED_THEN_DELIVERED = [
  ['INSERT', 'QUEUED', true, 1],
  ['UPDATE', 'RECEIVED', false, 0],
  ['UPDATE', 'QUEUED', true, 1],
  ['UPDATE', 'DELIVERED', false, 1],
];

function steps(writes: Writes, id: string): Array<[string, string, boolean, number]> {
  return writes.of(id).map(({ op, status, leased, attempts }) => [op, status, leased, attempts]);
}

/** Records every insert and update of this integration's rows in a side table, until stop(). */
async function logWrites(integrationId: string): Promise<{ read(): Promise<Writes>; stop(): Promise<void> }> {
  const table = `test_lease_log_${randomUUID().slice(0, 8)}`;
  await sql(`CREATE TABLE ${table} (op text, id uuid, status text, leased boolean, attempts int, at serial)`);
  await sql(`CREATE FUNCTION ${table}_fn() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.integration_id = '${integrationId}' THEN
        INSERT INTO ${table} (op, id, status, leased, attempts)
        VALUES (TG_OP, NEW.id, NEW.status, NEW.lease_token IS NOT NULL, NEW.attempts);
      END IF;
      RETURN NULL;
    END $$`);
  await sql(`CREATE TRIGGER ${table}_trg AFTER INSERT OR UPDATE ON deliveries
    FOR EACH ROW EXECUTE FUNCTION ${table}_fn()`);
  return {
    async read() {
      const rows = await sql<Write>(`SELECT op, id, status, leased, attempts FROM ${table} ORDER BY at`);
      const updates = new Map<string, number>();
      for (const row of rows.filter((r) => r.op === 'UPDATE'))
        updates.set(row.id, (updates.get(row.id) ?? 0) + 1);
      const inserted = rows
        .filter((r) => r.op === 'INSERT')
        .map(({ id, status, leased, attempts }) => ({ id, status, leased, attempts }));
      return { inserted, updates, of: (id) => rows.filter((row) => row.id === id) };
    },
    async stop() {
      await sql(`DROP TRIGGER ${table}_trg ON deliveries`);
      await sql(`DROP FUNCTION ${table}_fn()`);
      await sql(`DROP TABLE ${table}`);
    },
  };
}

/** `count` webhooks at once, each answered 202; their delivery ids. */
async function acceptAll(app: TestApp, integration: SeededIntegration, count: number): Promise<string[]> {
  const accepted = await Promise.all(
    Array.from({ length: count }, (_, n) =>
      http(app.baseUrl, 'POST', `/ingress/${integration.plugin}/${integration.instanceId}/events`, {
        body: { n },
      }),
    ),
  );
  expect(accepted.map((r) => r.status)).toEqual(Array(count).fill(202));
  return accepted.map((r) => r.body.deliveryId as string);
}

/** Each of the integration's deliveries: its status and the attempts it counted. */
function statuses(integrationId: string): Promise<Array<{ id: string; status: string; attempts: number }>> {
  return sql(`SELECT id, status, attempts FROM deliveries WHERE integration_id = $1`, [integrationId]);
}

/** Waits until `count` of `ids` reached the receiver; the ids that did not. */
async function notYetPosted(receiver: WebhookReceiver, ids: string[], count: number): Promise<string[]> {
  await receiver.waitFor(() => ids.filter((id) => receiver.countFor(id) > 0).length === count);
  return ids.filter((id) => receiver.countFor(id) === 0);
}

describe('ingress accepts leased at insert', () => {
  jest.setTimeout(60_000);

  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    // a hung POST frees its slot after 1.5 s; its retry comes 100 ms later
    t = await startApp({ DELIVERY_TIMEOUT_MS: '1500', DELIVERY_BACKOFF_MS: '100' });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
    await closeSql();
  });

  const seedPushing = () => seedPushingTo(t.baseUrl, receiver, 'lease');

  const post = (integration: SeededIntegration, body: unknown, route = 'events') =>
    http(t.baseUrl, 'POST', `/ingress/${integration.plugin}/${integration.instanceId}/${route}`, { body });

  it('stores each accept claimed and POSTs it with one update per row, also after batches that failed', async () => {
    const integration = await seedPushing();
    const log = await logWrites(integration.id);
    const poison = `poison-${randomUUID().slice(0, 8)}`;
    const constraint = `test_lease_${randomUUID().slice(0, 8)}`;
    try {
      // 40 refused accepts first: a failed batch must hand its reserved dispatch slots back
      await sql(`ALTER TABLE deliveries ADD CONSTRAINT ${constraint} CHECK (route <> '${poison}') NOT VALID`);
      const refused = await Promise.all(
        Array.from({ length: 40 }, (_, n) => post(integration, { n }, poison)),
      );
      expect(refused.map((r) => r.status)).toEqual(Array(40).fill(503));
      await sql(`ALTER TABLE deliveries DROP CONSTRAINT ${constraint}`);

      const accepted = await Promise.all(Array.from({ length: 20 }, (_, n) => post(integration, { n })));
      expect(accepted.map((r) => r.status)).toEqual(Array(20).fill(202));
      const ids = accepted.map((r) => r.body.deliveryId as string).sort();

      const rows = await waitUntil(
        () => statuses(integration.id),
        (all) => all.length === 20 && all.every((row) => row.status === 'DELIVERED'),
      );
      expect(rows.map((row) => row.status)).toEqual(Array(20).fill('DELIVERED'));
      const writes = await log.read();
      expect(writes.inserted.map((row) => row.id).sort()).toEqual(ids);
      // stored already claimed, attempt counted: no claim statement touches the row again
      for (const row of writes.inserted)
        expect(row).toMatchObject({ status: 'QUEUED', leased: true, attempts: 1 });
      for (const id of ids) expect(writes.updates.get(id)).toBe(1);
      // each POSTed once, signed
      const got = receiver.received.filter((d) => ids.includes(d.webhookId));
      expect(got.map((d) => d.webhookId).sort()).toEqual(ids);
      expect(got.every((d) => d.verified)).toBe(true);
    } finally {
      await sql(`ALTER TABLE deliveries DROP CONSTRAINT IF EXISTS ${constraint}`);
      await log.stop();
    }
  });

  it('stores what the busy dispatcher cannot take or hold unclaimed, and every row is POSTed as often as it counts', async () => {
    const integration = await seedPushing();
    const log = await logWrites(integration.id);
    try {
      receiver.hang();
      // more accepts than the dispatcher's 32 slots and 32 held rows, while every POST hangs
      const accepted = await Promise.all(Array.from({ length: 80 }, (_, n) => post(integration, { n })));
      expect(accepted.map((r) => r.status)).toEqual(Array(80).fill(202));
      const { inserted } = await log.read();
      const leased = inserted.filter((row) => row.leased);
      const unleased = inserted.filter((row) => !row.leased);
      expect(leased.length).toBeGreaterThan(32);
      expect(leased.length).toBeLessThanOrEqual(64);
      expect(unleased.length).toBeGreaterThanOrEqual(16);
      for (const row of unleased) expect(row).toMatchObject({ status: 'RECEIVED', attempts: 0 });

      receiver.respondOk();
      const rows = await waitUntil(
        () => statuses(integration.id),
        (all) => all.length === 80 && all.every((row) => row.status === 'DELIVERED'),
        { timeoutMs: 30_000 },
      );
      expect(rows.filter((row) => row.status === 'DELIVERED')).toHaveLength(80);
      // no POST beyond the attempts each row counted (a row leased twice would show as one more)
      for (const row of rows) expect(receiver.countFor(row.id)).toBe(row.attempts);
    } finally {
      receiver.respondOk();
      await log.stop();
    }
  });

  it('releases held rows that waited past a POST timeout: claimed again at once, POSTed once, as attempt 1', async () => {
    const integration = await seedPushing();
    const log = await logWrites(integration.id);
    try {
      // the first 32 POSTs get their headers, then a body that trickles on: each slot stays busy
      // until the receiver finishes them, well past the 1.5 s a held row may wait
      receiver.stallBody();
      const ids = await acceptAll(t, integration, 48);
      const held = await notYetPosted(receiver, ids, 32);
      expect(held).toHaveLength(16);
      receiver.respondOk();
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      receiver.finishHanging();

      const rows = await waitUntil(
        () => statuses(integration.id),
        (all) => all.length === 48 && all.every((row) => row.status === 'DELIVERED'),
        { timeoutMs: 30_000 },
      );
      const writes = await log.read();
      const leasedAtInsert = new Set(writes.inserted.filter((row) => row.leased).map((row) => row.id));
      // all 48 were leased at insert (32 started, 16 held) ...
      for (const id of ids) expect(leasedAtInsert.has(id)).toBe(true);
      // ... and the held ones were released, claimed and POSTed once each, as their first attempt,
      // long before their insert lease (2 × 1.5 s + 5 s + 1.5 s) would have run out
      for (const id of held) {
        expect(receiver.countFor(id)).toBe(1);
        expect(rows.find((row) => row.id === id)).toMatchObject({ status: 'DELIVERED', attempts: 1 });
        // claimed by this process again
        expect(steps(writes, id)).toEqual(RELEASED_THEN_DELIVERED);
      }
      const heldDeliveredAt = held.map((id) => receiver.received.find((d) => d.webhookId === id)!.at);
      const firstPost = Math.min(
        ...receiver.received.filter((d) => ids.includes(d.webhookId)).map((d) => d.at),
      );
      expect(Math.max(...heldDeliveredAt) - firstPost).toBeLessThan(9_500);
    } finally {
      receiver.finishHanging();
      receiver.respondOk();
      await log.stop();
    }
  });
});

/** Rows the accepts leased beyond the free slots wait in memory and take the next slots: no claim. */
describe('ingress accepts held for a slot', () => {
  jest.setTimeout(60_000);

  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    t = await startApp({ DELIVERY_TIMEOUT_MS: '20000' });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
    await closeSql();
  });

  it('POSTs rows held while every slot was busy with one update each (their outcome), once each', async () => {
    const integration = await seedPushingTo(t.baseUrl, receiver, 'lease');
    const log = await logWrites(integration.id);
    try {
      receiver.hang();
      const ids = await acceptAll(t, integration, 48);
      // 32 POSTs hang; the other 16 wait in memory, leased
      expect(await notYetPosted(receiver, ids, 32)).toHaveLength(16);
      receiver.respondOk();
      receiver.finishHanging();

      const rows = await waitUntil(
        () => statuses(integration.id),
        (all) => all.length === 48 && all.every((row) => row.status === 'DELIVERED'),
      );
      expect(rows).toHaveLength(48);
      for (const row of rows) expect(row).toMatchObject({ status: 'DELIVERED', attempts: 1 });
      for (const id of ids) expect(receiver.countFor(id)).toBe(1);
      const writes = await log.read();
      for (const id of ids) {
        // inserted leased, then its outcome: no claim statement in between
        expect(writes.of(id)).toEqual([
          { op: 'INSERT', id, status: 'QUEUED', leased: true, attempts: 1 },
          { op: 'UPDATE', id, status: 'DELIVERED', leased: false, attempts: 1 },
        ]);
      }
    } finally {
      receiver.finishHanging();
      receiver.respondOk();
      await log.stop();
    }
  });

  it('releases its held rows when the process shuts down, for another process to claim at once', async () => {
    const closing = await startApp({ DELIVERY_TIMEOUT_MS: '20000' });
    let closed: Promise<void> | undefined;
    let log: Awaited<ReturnType<typeof logWrites>> | undefined;
    try {
      const integration = await seedPushingTo(closing.baseUrl, receiver, 'lease');
      log = await logWrites(integration.id);
      receiver.hang();
      const ids = await acceptAll(closing, integration, 48);
      const held = await notYetPosted(receiver, ids, 32);
      expect(held).toHaveLength(16);

      // shutdown waits for the 32 POSTs under way; the held rows are released before that wait,
      // and the other process (this file's app) claims and POSTs them
      receiver.respondOk();
      closed = closing.close();
      const rows = await waitUntil(
        () =>
          sql<{ id: string; status: string; attempts: number }>(
            `SELECT id, status, attempts FROM deliveries WHERE id = ANY($1::uuid[])`,
            [held],
          ),
        (all) => all.every((row) => row.status === 'DELIVERED'),
        { timeoutMs: 10_000 },
      );
      expect(rows).toHaveLength(16);
      for (const row of rows) expect(row).toMatchObject({ status: 'DELIVERED', attempts: 1 });
      for (const id of held) expect(receiver.countFor(id)).toBe(1);
      const writes = await log.read();
      for (const id of held) {
        // claimed by the other process
        expect(steps(writes, id)).toEqual(RELEASED_THEN_DELIVERED);
      }
    } finally {
      receiver.finishHanging();
      receiver.respondOk();
      await (closed ?? closing.close());
      await log?.stop();
    }
  });
});
