import { randomUUID } from 'node:crypto';
import { startApp, TestApp } from '../../support/app';
import { closeSql, sql } from '../../support/db';
import { http } from '../../support/http';
import { SeededIntegration, seedIntegration, seedOrg } from '../../support/seed';
import { waitUntil } from '../../support/wait-until';
import { WebhookReceiver } from '../../support/webhook-receiver';

/**
 * Without Redis, an accepted batch is stored already claimed by the accepting process's dispatcher
 * while it has free slots: the row is inserted QUEUED under a lease with its attempt counted and
 * POSTed at once, so a delivered webhook costs one update (its outcome) instead of two (claim and
 * outcome). Rows beyond the free slots are stored unclaimed and found by the claim loop.
 *
 * The writes are observed by row triggers on `deliveries`, scoped to the test's integration.
 */
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

  interface Writes {
    inserted: Array<{ id: string; status: string; leased: boolean; attempts: number }>;
    /** Updates per delivery id. */
    updates: Map<string, number>;
  }

  /** Records every insert and update of this integration's rows in a side table, until stop(). */
  async function logWrites(
    integrationId: string,
  ): Promise<{ read(): Promise<Writes>; stop(): Promise<void> }> {
    const table = `test_lease_log_${randomUUID().slice(0, 8)}`;
    await sql(
      `CREATE TABLE ${table} (op text, id uuid, status text, leased boolean, attempts int, at serial)`,
    );
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
        const rows = await sql<{ op: string; id: string; status: string; leased: boolean; attempts: number }>(
          `SELECT op, id, status, leased, attempts FROM ${table} ORDER BY at`,
        );
        const updates = new Map<string, number>();
        for (const row of rows.filter((r) => r.op === 'UPDATE'))
          updates.set(row.id, (updates.get(row.id) ?? 0) + 1);
        const inserted = rows
          .filter((r) => r.op === 'INSERT')
          .map(({ id, status, leased, attempts }) => ({ id, status, leased, attempts }));
        return { inserted, updates };
      },
      async stop() {
        await sql(`DROP TRIGGER ${table}_trg ON deliveries`);
        await sql(`DROP FUNCTION ${table}_fn()`);
        await sql(`DROP TABLE ${table}`);
      },
    };
  }

  async function statuses(
    integrationId: string,
  ): Promise<Array<{ id: string; status: string; attempts: number }>> {
    return sql(`SELECT id, status, attempts FROM deliveries WHERE integration_id = $1`, [integrationId]);
  }

  async function seedPushing(): Promise<SeededIntegration> {
    const org = await seedOrg(t.baseUrl);
    const path = `lease-${randomUUID().slice(0, 8)}`;
    const integration = await seedIntegration(t.baseUrl, org, { deliveryUrl: receiver.url(path) });
    receiver.setSecret(path, integration.deliverySecret);
    return integration;
  }

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

  it('stores what the busy dispatcher cannot take unclaimed, and every row is POSTed as often as it counts', async () => {
    const integration = await seedPushing();
    const log = await logWrites(integration.id);
    try {
      receiver.hang();
      // more accepts than the dispatcher's 32 slots, while every POST hangs
      const accepted = await Promise.all(Array.from({ length: 48 }, (_, n) => post(integration, { n })));
      expect(accepted.map((r) => r.status)).toEqual(Array(48).fill(202));
      const { inserted } = await log.read();
      const leased = inserted.filter((row) => row.leased);
      const unleased = inserted.filter((row) => !row.leased);
      expect(leased.length).toBeGreaterThan(0);
      expect(leased.length).toBeLessThanOrEqual(32);
      expect(unleased.length).toBeGreaterThanOrEqual(16);
      for (const row of unleased) expect(row).toMatchObject({ status: 'RECEIVED', attempts: 0 });

      receiver.respondOk();
      const rows = await waitUntil(
        () => statuses(integration.id),
        (all) => all.length === 48 && all.every((row) => row.status === 'DELIVERED'),
        { timeoutMs: 30_000 },
      );
      expect(rows.filter((row) => row.status === 'DELIVERED')).toHaveLength(48);
      // no POST beyond the attempts each row counted (a row leased twice would show as one more)
      for (const row of rows) expect(receiver.countFor(row.id)).toBe(row.attempts);
    } finally {
      receiver.respondOk();
      await log.stop();
    }
  });
});
