import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  insertDeliveredHistory,
  insertOrgAndIntegration,
  rowsReadBy,
  useScratchConnection,
} from '../../support/plan-probe';

/**
 * The dispatcher's statements on `deliveries` live in functions whose plans are pinned (migrations
 * PinnedDispatchPlans and PinnedJobClaimPlan): each plan is made once per connection and kept, so
 * each test makes it at the worst moment (an empty table, or statistics that know nothing of the
 * rows) and then checks, from its transaction's own counters, that a call on a grown table reads
 * only the rows it needs. Each goes red with its function's planner settings removed.
 */

type Leased = { id: string; token: string };

/** `count` leased rows of one integration, as the dispatcher's claim leaves them. */
async function leasedRows(client: Client, integrationId: string, count: number): Promise<Leased[]> {
  const { rows } = await client.query<Leased>(
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

async function recordDelivered(client: Client, rows: Leased[]): Promise<string[]> {
  const each = <T>(value: T) => rows.map(() => value);
  const result = await client.query<{ id: string }>(
    `SELECT id FROM plugboard_record_delivery_outcomes($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      rows.map((row) => row.id),
      rows.map((row) => row.token),
      each('DELIVERED'),
      each('delivered'),
      each(null),
      each(204),
      each(null),
      each(null),
      each(1),
      each(new Date()),
      each(3),
      each(null),
    ],
  );
  return result.rows.map((row) => row.id);
}

describe('the outcome function planned once on an empty table', () => {
  const connection = useScratchConnection('plugboard_outcome_fn', ['deliveries']);

  it('reads no table-sized scan at each outcome batch once the table has grown', async () => {
    const client = connection();
    const { integrationId } = await insertOrgAndIntegration(client, 'plan');

    // the plan is made now, on an empty table, and kept for the session
    await client.query('SET plan_cache_mode = force_generic_plan');
    const first = await leasedRows(client, integrationId, 5);
    expect((await recordDelivered(client, first)).sort()).toEqual(first.map((row) => row.id).sort());

    const grown = 50_000;
    await insertDeliveredHistory(client, integrationId, grown);
    const next = await leasedRows(client, integrationId, 5);
    const read = await rowsReadBy(client, 'deliveries', () => recordDelivered(client, [...next, first[0]]));

    // the row whose lease was already given back is left alone; each other one is logged once
    expect(read.result.sort()).toEqual(next.map((row) => row.id).sort());
    const { rows: logged } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM delivery_attempts WHERE kind = 'dispatch' AND outcome = 'delivered'`,
    );
    expect(Number(logged[0].n)).toBe(10);
    // a plan kept from the empty table that scanned would read the whole table here
    expect(read.seqRead).toBeLessThan(grown);
    expect(read.fetched).toBeLessThan(1_000);
  });
});

/**
 * The dispatcher's claim: the pending index walked in order, stopping at the limit. Planned on a
 * table never analyzed (as a busy new install's is), PostgreSQL read every due row and sorted them
 * to keep a few, at every claim.
 */
describe('the claim function on a backlog the statistics do not know about', () => {
  const connection = useScratchConnection('plugboard_claim_fn', ['deliveries']);

  it('takes the oldest due rows, skipping leased and later ones, without reading the backlog', async () => {
    const client = connection();
    const { orgId, integrationId } = await insertOrgAndIntegration(client, 'claim');
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
      [orgId, integrationId, backlog + 2],
    );

    const read = await rowsReadBy(client, 'deliveries', async () => {
      const { rows } = await client.query<{ id: string; attempts: number; lease_token: string }>(
        `SELECT id, attempts, lease_token FROM plugboard_claim_due_deliveries($1, $2, 60000, '{ENABLED}')`,
        [32, randomUUID()],
      );
      return rows;
    });

    const { rows: expected } = await client.query<{ id: string }>(
      `SELECT id FROM deliveries WHERE provider_delivery_id = ANY($1) ORDER BY received_at`,
      [Array.from({ length: 32 }, (_row, n) => `row-${n + 3}`)],
    );
    expect(read.result.map((row) => row.id).sort()).toEqual(expected.map((row) => row.id).sort());
    expect(read.result.every((row) => row.attempts === 1 && row.lease_token)).toBe(true);
    // a plan that read the backlog and sorted it fetches 20,000 rows here
    expect(read.seqRead).toBeLessThan(1_000);
    expect(read.fetched).toBeLessThan(1_000);
  });
});

/**
 * With Redis each queue job leases its own row, many jobs in one statement: a primary-key lookup
 * per job. The plan PostgreSQL kept for the plain statement, made while few rows waited, read every
 * waiting row of the pending index and matched the jobs against them, at every claim.
 */
describe('the queue jobs’ claim function with many rows waiting', () => {
  const connection = useScratchConnection('plugboard_job_claim_fn', ['deliveries']);

  it('leases each job’s own row by its key without reading the waiting rows', async () => {
    const client = connection();
    const { orgId, integrationId } = await insertOrgAndIntegration(client, 'jobs');
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
      [orgId, integrationId, 20_000],
    );
    const named = rows.filter((row) =>
      ['row-20001', 'row-20002', 'row-20003'].includes(row.provider_delivery_id),
    );
    const tokens = named.map(() => randomUUID());

    const read = await rowsReadBy(
      client,
      'deliveries',
      async () =>
        (
          await claimJobs(
            named.map((row) => row.id),
            tokens,
          )
        ).rows,
    );

    const byId = new Map(
      named.map((row, n) => [row.id, { name: row.provider_delivery_id, token: tokens[n] }]),
    );
    expect(read.result.map((row) => byId.get(row.id)?.name).sort()).toEqual(['row-20001', 'row-20002']);
    expect(read.result.every((row) => byId.get(row.id)?.token === row.lease_token)).toBe(true);
    // a plan that walked the waiting rows fetches 20,000 of them here
    expect(read.seqRead).toBeLessThan(1_000);
    expect(read.fetched).toBeLessThan(1_000);
  });
});
