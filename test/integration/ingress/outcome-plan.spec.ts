import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startApp, TestApp } from '../../support/app';
import { http } from '../../support/http';
import { insertDeliveredHistory } from '../../support/plan-probe';
import { createScratchDatabase, ScratchDatabase } from '../../support/scratch-database';
import { seedIntegration, seedOrg } from '../../support/seed';
import { waitUntil } from '../../support/wait-until';
import { WebhookReceiver } from '../../support/webhook-receiver';

/**
 * Every delivery's outcome (and, with Redis, its queue job's claim) is written by one statement
 * that joins the outcomes to `deliveries` by id, prepared once per connection. Were its kept plan
 * free to be any plan, one made while the table was nearly empty (every new install) would read
 * the whole table at each outcome, and keep doing so as the table grows, until PostgreSQL happens
 * to analyze it. Seen as the table's sequential-scan counter: it would grow by the table's size
 * per outcome.
 * Autovacuum is off for the table here, so no ANALYZE comes to the rescue during the test.
 */
describe.each([
  ['default mode', {}],
  ['Redis mode (each queue job claims its row by id too)', { REDIS_URL: 'redis://127.0.0.1:6379' }],
] as Array<[string, Record<string, string>]>)(
  'the statements joining by id on a table that grew, %s',
  (_mode, env) => {
    jest.setTimeout(120_000);

    let database: ScratchDatabase;
    let admin: Client;
    let t: TestApp;
    let receiver: WebhookReceiver;

    beforeAll(async () => {
      database = await createScratchDatabase('plugboard_outcome_plan');
      admin = new Client({ connectionString: database.url });
      await admin.connect();
      await admin.query('ALTER TABLE deliveries SET (autovacuum_enabled = false)');
      await admin.query('ALTER TABLE delivery_attempts SET (autovacuum_enabled = false)');
      receiver = await WebhookReceiver.start();
      t = await startApp({
        DATABASE_URL: database.url,
        ...(env.REDIS_URL ? { ...env, QUEUE_PREFIX: `pbtest-${randomUUID().slice(0, 8)}` } : {}),
      });
    });
    afterAll(async () => {
      await t?.close();
      await receiver?.close();
      await admin?.end();
      await database?.drop();
    });

    async function deliverOneByOne(count: number, post: () => Promise<number>): Promise<void> {
      for (let n = 0; n < count; n++) expect(await post()).toBe(202);
    }

    /** Rows read by sequential scans of `deliveries` so far (the statistics lag up to a second). */
    async function rowsReadBySeqScans(): Promise<number> {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const { rows } = await admin.query<{ n: string }>(
        `SELECT seq_tup_read AS n FROM pg_stat_user_tables WHERE relname = 'deliveries'`,
      );
      return Number(rows[0].n);
    }

    it('does not read the whole table at each outcome once it has grown', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await seedIntegration(t.baseUrl, org, { deliveryUrl: receiver.url('plan') });
      receiver.setSecret('plan', integration.deliverySecret);
      let sent = 0;
      const post = async () =>
        (
          await http(t.baseUrl, 'POST', `/ingress/${integration.plugin}/${integration.instanceId}/events`, {
            body: { n: sent++ },
          })
        ).status;
      const deliveredCount = async () =>
        Number(
          (
            await admin.query<{ n: string }>(
              `SELECT count(*) AS n FROM deliveries WHERE status = 'DELIVERED' AND route = 'events'`,
            )
          ).rows[0].n,
        );

      // while the table is nearly empty: enough outcomes for every connection to settle on a plan
      await deliverOneByOne(40, post);
      await waitUntil(deliveredCount, (n) => n === 40);

      // the table grows (as it does in a day of traffic), finished rows of the same integration
      const grown = 50_000;
      await insertDeliveredHistory(admin, integration.id, grown);
      const before = await rowsReadBySeqScans();
      await deliverOneByOne(20, post);
      await waitUntil(deliveredCount, (n) => n === 60);
      const read = (await rowsReadBySeqScans()) - before;

      // 20 deliveries by plans that scan read 20 × 50,000 rows or more; by key lookups they read none
      expect(read).toBeLessThan(grown);
    });
  },
);
