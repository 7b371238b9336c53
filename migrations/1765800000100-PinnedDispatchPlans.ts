import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dispatcher's two statements on `deliveries` as functions whose planner settings leave one
 * plan, the right one whatever the table's size or statistics when it was made; they hold only
 * while the function runs. The plan is made once per connection and kept (`force_generic_plan`).
 *
 * - The outcome statement (each delivery's new status and its attempt log row, for a batch of
 *   outcomes): a primary-key lookup per outcome. Sent as plain SQL it was planned at every call,
 *   which cost PostgreSQL more than running it; prepared as plain SQL, a plan made while the table
 *   was nearly empty joined by a scan of the whole table, and kept doing so as it grew.
 * - The claim of due rows: the oldest due rows in the order of the `deliveries_pending` index,
 *   stopping at the limit. With statistics that lag a growing backlog, PostgreSQL read every due
 *   row (a bitmap scan) and sorted them to keep a few: 4–13 ms per claim with a few thousand
 *   waiting, against 0.4 ms for the ordered scan.
 */
export class PinnedDispatchPlans1765800000100 implements MigrationInterface {
  name = 'PinnedDispatchPlans1765800000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION plugboard_record_delivery_outcomes(
          ids uuid[], tokens uuid[], statuses text[], outcomes text[], errors text[], response_statuses int[],
          retry_delays_ms bigint[], conversation_ids uuid[], attempt_numbers int[], started_ats timestamptz[],
          durations_ms int[], response_snippets text[])
        RETURNS TABLE (id uuid, attempts integer, redrives integer)
        LANGUAGE plpgsql
        SET plan_cache_mode = force_generic_plan
        SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
      AS $$
      #variable_conflict use_column
      BEGIN
        RETURN QUERY
        WITH input AS (
               SELECT * FROM unnest(ids, tokens, statuses, outcomes, errors, response_statuses, retry_delays_ms,
                                    conversation_ids, attempt_numbers, started_ats, durations_ms, response_snippets)
                      AS t(id, token, status, outcome, error, response_status, retry_delay_ms, conversation_id,
                           attempt, started_at, duration_ms, response_snippet)),
             updated AS (
               UPDATE deliveries d SET status = input.status, last_error = COALESCE(input.error, d.last_error),
                      lease_token = NULL, lease_until = NULL,
                      next_attempt_at = CASE WHEN input.retry_delay_ms IS NULL THEN NULL
                                             ELSE now() + input.retry_delay_ms * interval '1 millisecond' END,
                      conversation_id = COALESCE(d.conversation_id, input.conversation_id), updated_at = now()
                 FROM input
                WHERE d.id = input.id AND d.lease_token = input.token
                RETURNING d.id, d.organization_id, d.attempts, d.redrives, input.outcome, input.attempt,
                          input.response_status, input.error, input.started_at, input.duration_ms,
                          input.response_snippet),
             logged AS (
               INSERT INTO delivery_attempts (delivery_id, organization_id, kind, outcome, attempt, response_status,
                                              error, started_at, duration_ms, response_snippet)
               SELECT u.id, u.organization_id, 'dispatch', u.outcome, u.attempt, u.response_status, u.error,
                      u.started_at, u.duration_ms, u.response_snippet FROM updated u)
        SELECT u.id, u.attempts, u.redrives FROM updated u;
      END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION plugboard_claim_due_deliveries(
          max_rows integer, claim_token uuid, lease_ms bigint, deliverable_statuses text[])
        RETURNS SETOF deliveries
        LANGUAGE plpgsql
        SET plan_cache_mode = force_generic_plan
        SET enable_seqscan = off SET enable_bitmapscan = off SET enable_sort = off
        SET enable_hashjoin = off SET enable_mergejoin = off
      AS $$
      BEGIN
        RETURN QUERY
        WITH due AS (
               SELECT id FROM deliveries
                WHERE status IN ('RECEIVED', 'QUEUED') AND NOT pull
                  AND COALESCE(next_attempt_at, received_at) <= now()
                  AND (lease_until IS NULL OR lease_until < now())
                ORDER BY COALESCE(next_attempt_at, received_at)
                LIMIT max_rows
                FOR UPDATE SKIP LOCKED),
             claimed AS (
               UPDATE deliveries d SET status = 'QUEUED', lease_token = claim_token,
                      lease_until = now() + lease_ms * interval '1 millisecond', updated_at = now(),
                      -- an attempt counts only when its integration can take deliveries
                      attempts = d.attempts + CASE WHEN (SELECT i.status FROM integrations i
                                                          WHERE i.id = d.integration_id)
                                                   = ANY(deliverable_statuses) THEN 1 ELSE 0 END
                 FROM due WHERE d.id = due.id
                RETURNING d.*)
        SELECT * FROM claimed;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION plugboard_claim_due_deliveries`);
    await queryRunner.query(`DROP FUNCTION plugboard_record_delivery_outcomes`);
  }
}
