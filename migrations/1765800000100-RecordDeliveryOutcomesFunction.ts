import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dispatcher's outcome statement (each delivery's new status and its attempt log row, for a
 * batch of outcomes) as a function, so that it can be prepared once per connection like the other
 * hot statements. Sent as plain SQL it was planned at every call, which cost PostgreSQL more than
 * running it. Kept as plain SQL and prepared, its plan could be one made while `deliveries` was
 * nearly empty: a hash join over a scan of the whole table, kept as the table grew. The function's
 * own planner settings leave a primary-key lookup per outcome as the only plan, whatever the
 * table's size when it was planned; they hold only while the function runs.
 */
export class RecordDeliveryOutcomesFunction1765800000100 implements MigrationInterface {
  name = 'RecordDeliveryOutcomesFunction1765800000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION plugboard_record_delivery_outcomes(
          ids uuid[], tokens uuid[], statuses text[], outcomes text[], errors text[], response_statuses int[],
          retry_delays_ms bigint[], conversation_ids uuid[], attempt_numbers int[], started_ats timestamptz[],
          durations_ms int[], response_snippets text[])
        RETURNS TABLE (id uuid, attempts integer, redrives integer)
        LANGUAGE plpgsql
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
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION plugboard_record_delivery_outcomes`);
  }
}
