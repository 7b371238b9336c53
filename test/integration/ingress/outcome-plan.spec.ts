import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startApp, TestApp } from '../../support/app';
import { http } from '../../support/http';
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
      await admin.query(
        `INSERT INTO deliveries (organization_id, integration_id, plugin_id, instance_id, route, provider_delivery_id,
                               payload, status)
       SELECT organization_id, id, plugin, instance_id, 'history', 'history-' || g, '{}'::jsonb, 'DELIVERED'
         FROM integrations CROSS JOIN generate_series(1, $1::int) g WHERE id = $2`,
        [grown, integration.id],
      );
      const before = await rowsReadBySeqScans();
      await deliverOneByOne(20, post);
      await waitUntil(deliveredCount, (n) => n === 60);
      const read = (await rowsReadBySeqScans()) - before;

      // 20 deliveries by plans that scan read 20 × 50,000 rows or more; by key lookups they read none
      expect(read).toBeLessThan(grown);
    });
  },
);

/**
 * The outcome statement is prepared once per connection (a function, so that its plan can be
 * pinned): the plan PostgreSQL keeps for it, made here on purpose while `deliveries` is empty,
 * must still find each outcome's row by its key once the table holds 50,000 rows.
 */
describe('the outcome function planned once on an empty table', () => {
  let database: ScratchDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createScratchDatabase('plugboard_outcome_fn');
    client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query('ALTER TABLE deliveries SET (autovacuum_enabled = false)');
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  /** `count` leased rows of one integration, as the dispatcher's claim leaves them. */
  async function leasedRows(
    integrationId: string,
    count: number,
  ): Promise<Array<{ id: string; token: string }>> {
    const { rows } = await client.query<{ id: string; token: string }>(
      `INSERT INTO deliveries (organization_id, integration_id, plugin_id, instance_id, route, provider_delivery_id,
                               payload, status, attempts, lease_token, lease_until)
       SELECT organization_id, id, plugin, instance_id, 'events', gen_random_uuid()::text, '{}'::jsonb, 'QUEUED', 1,
              gen_random_uuid(), now() + interval '1 minute'
         FROM integrations CROSS JOIN generate_series(1, $2::int) WHERE id = $1
       RETURNING id, lease_token AS token`,
      [integrationId, count],
    );
    return rows;
  }

  async function recordDelivered(rows: Array<{ id: string; token: string }>): Promise<string[]> {
    const n = rows.length;
    const result = await client.query<{ id: string }>(
      `SELECT id FROM plugboard_record_delivery_outcomes($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        rows.map((row) => row.id),
        rows.map((row) => row.token),
        Array(n).fill('DELIVERED'),
        Array(n).fill('delivered'),
        Array(n).fill(null),
        Array(n).fill(204),
        Array(n).fill(null),
        Array(n).fill(null),
        Array(n).fill(1),
        Array(n).fill(new Date()),
        Array(n).fill(3),
        Array(n).fill(null),
      ],
    );
    return result.rows.map((row) => row.id);
  }

  it('reads no table-sized scan at each outcome batch once the table has grown', async () => {
    const {
      rows: [org],
    } = await client.query<{ id: string }>(`INSERT INTO organizations (name) VALUES ('plan') RETURNING id`);
    const {
      rows: [integration],
    } = await client.query<{ id: string }>(
      `INSERT INTO integrations (organization_id, name, plugin, instance_id, instance_name, delivery_secret_encrypted,
                                 ingress_scheme, delivery_url)
       VALUES ($1, 'plan', 'generic', 'plan', 'plan', 'unused', 'none', 'http://127.0.0.1:9/') RETURNING id`,
      [org.id],
    );

    // the plan is made now, on an empty table, and kept for the session
    await client.query('SET plan_cache_mode = force_generic_plan');
    const first = await leasedRows(integration.id, 5);
    expect((await recordDelivered(first)).sort()).toEqual(first.map((row) => row.id).sort());

    const grown = 50_000;
    await client.query(
      `INSERT INTO deliveries (organization_id, integration_id, plugin_id, instance_id, route, provider_delivery_id,
                               payload, status)
       SELECT organization_id, id, plugin, instance_id, 'history', 'history-' || g, '{}'::jsonb, 'DELIVERED'
         FROM integrations CROSS JOIN generate_series(1, $2::int) g WHERE id = $1`,
      [integration.id, grown],
    );
    const next = await leasedRows(integration.id, 5);
    await client.query('BEGIN');
    const recorded = await recordDelivered([...next, { id: first[0].id, token: first[0].token }]);
    // this transaction's own counters: no waiting for the statistics to be flushed
    const {
      rows: [scans],
    } = await client.query<{ read: string; fetched: string }>(
      `SELECT seq_tup_read AS read, idx_tup_fetch AS fetched FROM pg_stat_xact_user_tables WHERE relname = 'deliveries'`,
    );
    await client.query('COMMIT');

    // the row whose lease was already given back is left alone; each other one is logged once
    expect(recorded.sort()).toEqual(next.map((row) => row.id).sort());
    const { rows: logged } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM delivery_attempts WHERE kind = 'dispatch' AND outcome = 'delivered'`,
    );
    expect(Number(logged[0].n)).toBe(10);
    // a plan kept from the empty table that scanned would read the whole table here
    expect(Number(scans.read)).toBeLessThan(grown);
    expect(Number(scans.fetched)).toBeLessThan(1_000);
  });
});

/**
 * The dispatcher's claim keeps one plan per connection (a function, like the outcome statement):
 * the pending index walked in order, stopping at the limit. Planned on a table never analyzed
 * (as a busy new install's is), PostgreSQL read every due row and sorted them to keep a few, at
 * every claim; the pinned plan takes the oldest ones without reading the backlog.
 */
describe('the claim function on a backlog the statistics do not know about', () => {
  let database: ScratchDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createScratchDatabase('plugboard_claim_fn');
    client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query('ALTER TABLE deliveries SET (autovacuum_enabled = false)');
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  const claim = async (limit: number) =>
    (
      await client.query<{ id: string; attempts: number; lease_token: string }>(
        `SELECT id, attempts, lease_token FROM plugboard_claim_due_deliveries($1, $2, 60000, '{ENABLED}')`,
        [limit, randomUUID()],
      )
    ).rows;

  it('takes the oldest due rows, skipping leased and later ones, without reading the backlog', async () => {
    const {
      rows: [org],
    } = await client.query<{ id: string }>(`INSERT INTO organizations (name) VALUES ('claim') RETURNING id`);
    const {
      rows: [integration],
    } = await client.query<{ id: string }>(
      `INSERT INTO integrations (organization_id, name, plugin, instance_id, instance_name, delivery_secret_encrypted,
                                 ingress_scheme, delivery_url)
       VALUES ($1, 'claim', 'generic', 'claim', 'claim', 'unused', 'none', 'http://127.0.0.1:9/') RETURNING id`,
      [org.id],
    );
    const backlog = 20_000;
    // oldest first: a leased row, a retry not yet due, then the backlog (received one second apart)
    await client.query(
      `INSERT INTO deliveries (organization_id, integration_id, plugin_id, instance_id, route, provider_delivery_id,
                               payload, status, received_at, lease_token, lease_until, next_attempt_at)
       SELECT $1, $2, 'generic', 'claim', 'events', 'row-' || g, '{}'::jsonb,
              CASE WHEN g = 1 THEN 'QUEUED' ELSE 'RECEIVED' END,
              now() - interval '1 day' + g * interval '1 second',
              CASE WHEN g = 1 THEN gen_random_uuid() END,
              CASE WHEN g = 1 THEN now() + interval '1 minute' END,
              CASE WHEN g = 2 THEN now() + interval '1 hour' END
         FROM generate_series(1, $3::int) g`,
      [org.id, integration.id, backlog + 2],
    );

    await client.query('BEGIN');
    const claimed = await claim(32);
    const {
      rows: [read],
    } = await client.query<{ seq: string; fetched: string }>(
      `SELECT seq_tup_read AS seq, idx_tup_fetch AS fetched FROM pg_stat_xact_user_tables WHERE relname = 'deliveries'`,
    );
    await client.query('COMMIT');

    const { rows: expected } = await client.query<{ id: string }>(
      `SELECT id FROM deliveries WHERE provider_delivery_id = ANY($1) ORDER BY received_at`,
      [Array.from({ length: 32 }, (_row, n) => `row-${n + 3}`)],
    );
    expect(claimed.map((row) => row.id).sort()).toEqual(expected.map((row) => row.id).sort());
    expect(claimed.every((row) => row.attempts === 1 && row.lease_token)).toBe(true);
    // a plan that read the backlog and sorted it fetches 20,000 rows here
    expect(Number(read.seq)).toBeLessThan(1_000);
    expect(Number(read.fetched)).toBeLessThan(1_000);
  });
});

/**
 * With Redis each queue job leases its own row, many jobs in one statement (a function with its
 * plan pinned): a primary-key lookup per job. The plan PostgreSQL kept for the plain statement, made
 * while few rows waited, read every waiting row of the pending index and matched the jobs against
 * them, at every claim.
 */
describe('the queue jobs’ claim function with many rows waiting', () => {
  let database: ScratchDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createScratchDatabase('plugboard_job_claim_fn');
    client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query('ALTER TABLE deliveries SET (autovacuum_enabled = false)');
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('leases each job’s own row by its key without reading the waiting rows', async () => {
    const {
      rows: [org],
    } = await client.query<{ id: string }>(`INSERT INTO organizations (name) VALUES ('jobs') RETURNING id`);
    const {
      rows: [integration],
    } = await client.query<{ id: string }>(
      `INSERT INTO integrations (organization_id, name, plugin, instance_id, instance_name, delivery_secret_encrypted,
                                 ingress_scheme, delivery_url)
       VALUES ($1, 'jobs', 'generic', 'jobs', 'jobs', 'unused', 'none', 'http://127.0.0.1:9/') RETURNING id`,
      [org.id],
    );
    const claimJobs = (ids: string[], tokens: string[]) =>
      client.query<{ id: string; lease_token: string }>(
        `SELECT id, lease_token FROM plugboard_claim_deliveries_for_jobs($1, $2, 60000, '{ENABLED}')`,
        [ids, tokens],
      );
    // the plan is made now, while nothing waits, and kept for the session
    expect((await claimJobs([randomUUID()], [randomUUID()])).rows).toEqual([]);

    // 20,000 rows waiting for a retry (in the pending index), then three the jobs name: two
    // claimable, one leased by another consumer
    const { rows } = await client.query<{ id: string; provider_delivery_id: string }>(
      `INSERT INTO deliveries (organization_id, integration_id, plugin_id, instance_id, route, provider_delivery_id,
                               payload, status, next_attempt_at, lease_token, lease_until)
       SELECT $1, $2, 'generic', 'jobs', 'events', 'row-' || g, '{}'::jsonb, 'RECEIVED',
              CASE WHEN g <= $3 THEN now() + interval '1 day' END,
              CASE WHEN g = $3 + 3 THEN gen_random_uuid() END,
              CASE WHEN g = $3 + 3 THEN now() + interval '1 minute' END
         FROM generate_series(1, $3::int + 3) g
       RETURNING id, provider_delivery_id`,
      [org.id, integration.id, 20_000],
    );
    const named = rows.filter((row) =>
      ['row-20001', 'row-20002', 'row-20003'].includes(row.provider_delivery_id),
    );
    const tokens = named.map(() => randomUUID());

    await client.query('BEGIN');
    const { rows: claimed } = await claimJobs(
      named.map((row) => row.id),
      tokens,
    );
    const {
      rows: [read],
    } = await client.query<{ seq: string; fetched: string }>(
      `SELECT seq_tup_read AS seq, idx_tup_fetch AS fetched FROM pg_stat_xact_user_tables WHERE relname = 'deliveries'`,
    );
    await client.query('COMMIT');

    const byId = new Map(
      named.map((row, n) => [row.id, { name: row.provider_delivery_id, token: tokens[n] }]),
    );
    expect(claimed.map((row) => byId.get(row.id)?.name).sort()).toEqual(['row-20001', 'row-20002']);
    expect(claimed.every((row) => byId.get(row.id)?.token === row.lease_token)).toBe(true);
    // a plan that walked the waiting rows fetches 20,000 of them here
    expect(Number(read.seq)).toBeLessThan(1_000);
    expect(Number(read.fetched)).toBeLessThan(1_000);
  });
});
