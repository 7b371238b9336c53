import { Client } from 'pg';
import { startApp, TestApp } from '../../support/app';
import { closeSql, sql } from '../../support/db';
import { http } from '../../support/http';
import { SeededIntegration } from '../../support/seed';
import { testState } from '../../support/test-state';
import { waitUntil } from '../../support/wait-until';
import { countRowsPerStatement, waitForLockWaits } from '../../support/statement-log';
import { seedPushingTo } from '../../support/pushing-integration';
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

  it('holds outcomes that finish during a write for the next one, and writes them together', async () => {
    const integration = await seedPushingTo(t.baseUrl, receiver, 'outcomes');
    // per statement that marked this integration's rows DELIVERED: how many it marked
    const counted = await countRowsPerStatement(
      'UPDATE',
      'deliveries',
      `new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.integration_id = '${integration.id}' AND n.status = 'DELIVERED' AND o.status <> 'DELIVERED'`,
    );
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
      expect(await waitForLockWaits('plugboard_record_delivery_outcomes', 1)).toBe(1);

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
