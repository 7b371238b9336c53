import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePendingInteractions1764600000000 implements MigrationInterface {
  name = 'CreatePendingInteractions1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // id is the agent's own idempotency key, so it is text and global: a retry with the same id
    // updates the row, and an id held by another org is refused rather than overwritten.
    await queryRunner.query(`
      CREATE TABLE pending_interactions (
        id text PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        integration_id uuid NOT NULL,
        connection_id uuid NOT NULL,
        expected_user_id text NOT NULL,
        channel text NOT NULL,
        question text NOT NULL,
        options jsonb NOT NULL,
        callback_url text,
        message_channel text,
        message_ts text,
        answer text,
        answered_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        claimed_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX pending_interactions_org_created ON pending_interactions (organization_id, created_at DESC, id DESC)`,
    );
    await queryRunner.query(`CREATE INDEX pending_interactions_created ON pending_interactions (created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE pending_interactions`);
  }
}
