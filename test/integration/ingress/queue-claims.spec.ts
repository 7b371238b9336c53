import { randomUUID } from 'node:crypto';
import * as net from 'node:net';
import { startApp, TestApp } from '../../support/app';
import { closeSql, sql } from '../../support/db';
import { http } from '../../support/http';
import { seedIntegration, seedOrg } from '../../support/seed';
import { waitUntil } from '../../support/wait-until';
import { WebhookReceiver } from '../../support/webhook-receiver';

async function redisUp(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(6379, '127.0.0.1');
    const done = (up: boolean) => (socket.destroy(), resolve(up));
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => done(true));
  });
}

/**
 * With Redis, each BullMQ job claims its delivery before the POST. The jobs a worker runs at once
 * share one claim statement (each row under its own job's token), so a burst of accepts costs a
 * handful of claim statements, not one per delivery. Counted by a statement-level trigger that
 * sees each UPDATE's rows.
 */
describe('queue jobs claiming their deliveries', () => {
  jest.setTimeout(60_000);

  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    if (!(await redisUp())) throw new Error('this suite needs Redis at 127.0.0.1:6379 (see README: testing)');
    receiver = await WebhookReceiver.start();
    t = await startApp({
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `pbtest-${randomUUID().slice(0, 8)}`,
    });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await closeSql();
  });

  it('claims a burst of deliveries with fewer statements than deliveries, each POSTed once', async () => {
    const org = await seedOrg(t.baseUrl);
    const path = `claims-${randomUUID().slice(0, 8)}`;
    const integration = await seedIntegration(t.baseUrl, org, { deliveryUrl: receiver.url(path) });
    receiver.setSecret(path, integration.deliverySecret);

    const table = `test_claims_${randomUUID().slice(0, 8)}`;
    await sql(`CREATE TABLE ${table} (claimed int)`);
    // one log row per UPDATE statement that leased rows of this integration that were not leased before
    await sql(`CREATE FUNCTION ${table}_fn() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ${table} (claimed)
          SELECT count(*) FROM new_rows n JOIN old_rows o USING (id)
           WHERE n.integration_id = '${integration.id}' AND n.lease_token IS NOT NULL AND o.lease_token IS NULL
          HAVING count(*) > 0;
        RETURN NULL;
      END $$`);
    await sql(`CREATE TRIGGER ${table}_trg AFTER UPDATE ON deliveries
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ${table}_fn()`);
    try {
      const accepted = await Promise.all(
        Array.from({ length: 48 }, (_, n) =>
          http(t.baseUrl, 'POST', `/ingress/${integration.plugin}/${integration.instanceId}/events`, {
            body: { n },
          }),
        ),
      );
      expect(accepted.map((r) => r.status)).toEqual(Array(48).fill(202));
      const ids = accepted.map((r) => r.body.deliveryId as string);

      const delivered = await waitUntil(
        () =>
          sql<{ n: string }>(
            `SELECT count(*) AS n FROM deliveries WHERE integration_id = $1 AND status = 'DELIVERED'`,
            [integration.id],
          ),
        (rows) => Number(rows[0].n) === 48,
        { timeoutMs: 20_000 },
      );
      expect(Number(delivered[0].n)).toBe(48);
      const statements = await sql<{ claimed: number }>(`SELECT claimed FROM ${table}`);
      // every delivery claimed exactly once, by fewer statements than deliveries
      expect(statements.reduce((sum, row) => sum + row.claimed, 0)).toBe(48);
      expect(statements.length).toBeLessThan(48);
      for (const id of ids) expect(receiver.countFor(id)).toBe(1);
    } finally {
      await sql(`DROP TRIGGER ${table}_trg ON deliveries`);
      await sql(`DROP FUNCTION ${table}_fn()`);
      await sql(`DROP TABLE ${table}`);
    }
  });
});
