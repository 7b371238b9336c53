import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The claims of concurrent answers (one statement for a batch) as a function with its plan pinned,
 * like the dispatcher's statements (migration PinnedDispatchPlans): a primary-key lookup per answer,
 * planned once per connection. Sent as plain SQL it was planned at every call, so that a plan made
 * while the table was small could not be kept as it grew.
 */
export class PinnedInteractionClaimsPlan1765800000300 implements MigrationInterface {
  name = 'PinnedInteractionClaimsPlan1765800000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION plugboard_claim_interactions(
          ids text[], organization_ids uuid[], connection_ids uuid[], expected_user_ids text[], answers text[],
          ttl_seconds double precision)
        RETURNS TABLE (n bigint, interaction pending_interactions)
        LANGUAGE plpgsql
        SET plan_cache_mode = force_generic_plan
        SET enable_seqscan = off SET enable_bitmapscan = off SET enable_sort = off
        SET enable_hashjoin = off SET enable_mergejoin = off
      AS $$
      BEGIN
        -- each input row is matched on its own scope; two answers to one interaction in the same
        -- batch update it once (one input row is joined to it), and n says which input won
        RETURN QUERY
        WITH input AS (
               SELECT * FROM unnest(ids, organization_ids, connection_ids, expected_user_ids, answers)
                      WITH ORDINALITY AS t(id, organization_id, connection_id, expected_user_id, answer, n)),
             claimed AS (
               UPDATE pending_interactions p
                  SET claimed_at = now(), answer = input.answer, answered_by = input.expected_user_id,
                      updated_at = now()
                 FROM input
                WHERE p.id = input.id AND p.organization_id = input.organization_id
                  AND p.connection_id = input.connection_id AND p.expected_user_id = input.expected_user_id
                  AND p.claimed_at IS NULL
                  -- a question ends at the interactions' TTL, an approval at its own expires_at
                  AND (CASE WHEN p.expires_at IS NULL THEN p.created_at > now() - make_interval(secs => ttl_seconds)
                            ELSE p.expires_at > now() END)
                  -- an approval takes only one of its own options
                  AND (p.kind <> 'approval' OR p.options ? input.answer)
                RETURNING input.n, p)
        SELECT c.n, c.p FROM claimed c;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION plugboard_claim_interactions`);
  }
}
