import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A placeholder's policy, written once at creation and never changed: `allow` (the method and path
 * rules it may use) and `approval` (which calls wait for a person's click). NULL is no policy, so
 * every placeholder written before keeps working exactly as it did. A policy changes only by
 * deleting the placeholder, which the existing row trigger already announces on the change channel.
 */
export class PlaceholderPolicies1765600000100 implements MigrationInterface {
  name = 'PlaceholderPolicies1765600000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE proxy_placeholders ADD COLUMN allow jsonb, ADD COLUMN approval jsonb`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE proxy_placeholders DROP COLUMN allow, DROP COLUMN approval`);
  }
}
