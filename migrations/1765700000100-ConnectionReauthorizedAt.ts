import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a connection last came back from INVALID (a reconnect, or a refresh that succeeded again).
 * `REAUTH_SUCCEEDED` restores the connection's integrations right after that commit; if the event is
 * lost (a stop between the commit and the publish, a failed listener), the global sweep finds the
 * integrations still in ERROR or DISABLED whose status is older than this stamp and restores them.
 * An operator's own DISABLED after the reconnect is newer than the stamp and stays.
 */
export class ConnectionReauthorizedAt1765700000100 implements MigrationInterface {
  name = 'ConnectionReauthorizedAt1765700000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE oauth_connections ADD COLUMN reauthorized_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE oauth_connections DROP COLUMN reauthorized_at`);
  }
}
