import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a refresh was last caused by an upstream's rejection (401, Slack invalid_auth): such a refresh
 * is allowed once per minute per connection, so a worker provoking 401s cannot make every request
 * cost a refresh and a rotation.
 */
export class ConnectionRejectionRefresh1765100000001 implements MigrationInterface {
  name = 'ConnectionRejectionRefresh1765100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE oauth_connections ADD COLUMN rejection_refresh_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE oauth_connections DROP COLUMN rejection_refresh_at`);
  }
}
