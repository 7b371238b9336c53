import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startApp, TestApp } from '../../support/app';
import { closeSql, sql } from '../../support/db';
import { http } from '../../support/http';
import { SeededIntegration, seedIntegration, seedOrg } from '../../support/seed';
import { testState } from '../../support/test-state';
import { waitUntil } from '../../support/wait-until';
import { WebhookReceiver } from '../../support/webhook-receiver';

/**
 * Delivery outcomes are written one statement at a time: outcomes that finish while a write is in
 * flight wait and go together in the next. PostgreSQL's cost is mostly per statement, so fuller
 * batches leave it more of the machine for accepts (bench/RESULTS.md, "One outcome write in flight").
 * The first outcome's write is held on a row lock; statements are counted by a statement-level
 * trigger that sees each one's rows.
 */
describe('delivery outcomes written one statement at a time', () => {
  jest.setTimeout(60_000);

  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    t = await startApp();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
    await closeSql();
  });

  async function seedPushing(): Promise<SeededIntegration> {
    const org = await seedOrg(t.baseUrl);
    const path = `outcomes-${randomUUID().slice(0, 8)}`;
    const integration = await seedIntegration(t.baseUrl, org, { deliveryUrl: receiver.url(path) });
    receiver.setSecret(path, integration.deliverySecret);
    return integration;
  }

  async function accept(integration: SeededIntegration, body: unknown): Promise<string> {
    const response = await http(
      t.baseUrl,
      'POST',
      `/ingress/${integration.plugin}/${integration.instanceId}/events`,
      {
        body,
      },
    );
    expect(response.status).toBe(202);
    return response.body.deliveryId as string;
  }

  /** Per statement that marked this integration's rows DELIVERED: how many it marked. */
  async function countDeliveredPerStatement(
    integrationId: string,
  ): Promise<{ perStatement(): Promise<number[]>; drop(): Promise<void> }> {
    const log = `test_outcomes_${randomUUID().slice(0, 8)}`;
    await sql(`CREATE TABLE ${log} (n int, at serial)`);
    await sql(`CREATE FUNCTION ${log}_fn() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ${log} (n)
          SELECT count(*) FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE n.integration_id = '${integrationId}' AND n.status = 'DELIVERED' AND o.status <> 'DELIVERED'
          HAVING count(*) > 0;
        RETURN NULL;
      END $$`);
    await sql(`CREATE TRIGGER ${log}_trg AFTER UPDATE ON deliveries
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${log}_fn()`);
    return {
      perStatement: async () =>
        (await sql<{ n: number }>(`SELECT n FROM ${log} ORDER BY at`)).map((row) => row.n),
      drop: async () => {
        await sql(`DROP TRIGGER ${log}_trg ON deliveries`);
        await sql(`DROP FUNCTION ${log}_fn()`);
        await sql(`DROP TABLE ${log}`);
      },
    };
  }

  it('holds outcomes that finish during a write for the next one, and writes them together', async () => {
    const integration = await seedPushing();
    const counted = await countDeliveredPerStatement(integration.id);
    const locker = new Client({ connectionString: testState().databaseUrl });
    await locker.connect();
    try {
      // the first delivery's POST hangs until its row is locked, so its outcome write waits on the lock
      receiver.hang();
      const first = await accept(integration, { n: 0 });
      await receiver.waitFor(() => receiver.countFor(first) === 1);
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM deliveries WHERE id = $1 FOR UPDATE', [first]);
      receiver.respondOk();
      receiver.finishHanging();
      await waitUntil(
        async () =>
          (
            await sql<{ n: string }>(
              `SELECT count(*) AS n FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock'
                  AND query LIKE '%plugboard_record_delivery_outcomes%'`,
            )
          )[0].n,
        (n) => Number(n) === 1,
      );

      // ten more are POSTed and answered while that write waits
      const rest = await Promise.all(Array.from({ length: 10 }, (_, n) => accept(integration, { n: n + 1 })));
      await receiver.waitFor(() => rest.every((id) => receiver.countFor(id) === 1));
      await new Promise((resolve) => setTimeout(resolve, 500));
      // none of their outcomes was written beside the held one
      const whileHeld = await sql<{ status: string }>(
        `SELECT status FROM deliveries WHERE id = ANY($1::uuid[])`,
        [rest],
      );
      expect(whileHeld.map((row) => row.status)).not.toContain('DELIVERED');

      await locker.query('ROLLBACK');
      await waitUntil(
        () =>
          sql<{ status: string }>(`SELECT status FROM deliveries WHERE integration_id = $1`, [
            integration.id,
          ]),
        (rows) => rows.length === 11 && rows.every((row) => row.status === 'DELIVERED'),
      );
      // the held outcome alone, then the ten together
      expect(await counted.perStatement()).toEqual([1, 10]);
      for (const id of [first, ...rest]) expect(receiver.countFor(id)).toBe(1);
    } finally {
      receiver.finishHanging();
      receiver.respondOk();
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
      await counted.drop();
    }
  });
});
