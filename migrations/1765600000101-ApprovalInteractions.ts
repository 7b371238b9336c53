import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pending interactions of a second kind: `approval`, the question plugboard itself asks before it
 * forwards a held proxied request. An approval ends at its own `expires_at` (its placeholder's
 * timeout), not at the interactions' TTL. Existing rows are questions with no `expires_at`.
 *
 * When an approval is claimed (answered, timed out or abandoned) or removed, a trigger announces
 * `approval:<orgId>/<id>` on the change channel. It runs inside the claiming transaction, so the
 * process holding the request hears of it only after the claim committed, whichever process or
 * code path made it.
 */
export class ApprovalInteractions1765600000101 implements MigrationInterface {
  name = 'ApprovalInteractions1765600000101';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE pending_interactions
        ADD COLUMN kind text NOT NULL DEFAULT 'question' CHECK (kind IN ('question', 'approval')),
        ADD COLUMN expires_at timestamptz`);
    await queryRunner.query(`
      CREATE FUNCTION plugboard_notify_approval() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed pending_interactions;
      BEGIN
        IF TG_OP = 'DELETE' THEN
          changed := OLD;
        ELSE
          changed := NEW;
        END IF;
        PERFORM pg_notify('plugboard_changes', 'approval:' || changed.organization_id::text || '/' || changed.id);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER pending_interactions_notify_approval_claimed AFTER UPDATE ON pending_interactions
        FOR EACH ROW WHEN (NEW.kind = 'approval' AND OLD.claimed_at IS DISTINCT FROM NEW.claimed_at)
        EXECUTE FUNCTION plugboard_notify_approval()`);
    await queryRunner.query(`
      CREATE TRIGGER pending_interactions_notify_approval_deleted AFTER DELETE ON pending_interactions
        FOR EACH ROW WHEN (OLD.kind = 'approval')
        EXECUTE FUNCTION plugboard_notify_approval()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP TRIGGER pending_interactions_notify_approval_deleted ON pending_interactions`,
    );
    await queryRunner.query(
      `DROP TRIGGER pending_interactions_notify_approval_claimed ON pending_interactions`,
    );
    await queryRunner.query(`DROP FUNCTION plugboard_notify_approval()`);
    await queryRunner.query(`ALTER TABLE pending_interactions DROP COLUMN kind, DROP COLUMN expires_at`);
  }
}
