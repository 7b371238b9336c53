import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Redis mode's claim (each queue job leases its own row, many jobs in one statement) as a
 * function with its plan pinned, like the dispatcher's claim and outcome statements (migration
 * PinnedDispatchPlans): a primary-key lookup per job. Prepared as plain SQL, PostgreSQL kept a plan
 * made while few rows waited that read every waiting row of the pending index and matched the jobs'
 * ids against them: under load, with thousands of rows waiting for a queue job, 5–15 ms per claim,
 * growing with the backlog.
 */
export class PinnedJobClaimPlan1765800000200 implements MigrationInterface {
  name = 'PinnedJobClaimPlan1765800000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION plugboard_claim_deliveries_for_jobs(
          ids uuid[], tokens uuid[], lease_ms bigint, deliverable_statuses text[])
        RETURNS SETOF deliveries
        LANGUAGE plpgsql
        SET plan_cache_mode = force_generic_plan
        SET enable_seqscan = off SET enable_bitmapscan = off SET enable_sort = off
        SET enable_hashjoin = off SET enable_mergejoin = off
      AS $$
      BEGIN
        RETURN QUERY
        WITH input AS (SELECT * FROM unnest(ids, tokens) AS t(id, token)),
             claimed AS (
               UPDATE deliveries d SET status = 'QUEUED', lease_token = input.token,
                      lease_until = now() + lease_ms * interval '1 millisecond', updated_at = now(),
                      -- an attempt counts only when its integration can take deliveries
                      attempts = d.attempts + CASE WHEN (SELECT i.status FROM integrations i
                                                          WHERE i.id = d.integration_id)
                                                   = ANY(deliverable_statuses) THEN 1 ELSE 0 END
                 FROM input
                -- the status test as a CASE: written plainly it matches the pending index's predicate,
                -- and the plan made on an empty table walks that whole index instead of the keys
                WHERE d.id = input.id
                  AND CASE WHEN d.status IN ('RECEIVED', 'QUEUED') THEN NOT d.pull ELSE false END
                  AND (d.lease_until IS NULL OR d.lease_until < now())
                RETURNING d.*)
        SELECT * FROM claimed;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION plugboard_claim_deliveries_for_jobs`);
  }
}
