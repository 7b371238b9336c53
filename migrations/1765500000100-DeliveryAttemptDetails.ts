import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a person needs to see of each attempt: when it started, how long the receiver took, and the
 * first KiB of its answer. Rows written before have none of these (the API shows them as null, and
 * `created_at` as the start).
 */
export class DeliveryAttemptDetails1765500000100 implements MigrationInterface {
  name = 'DeliveryAttemptDetails1765500000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE delivery_attempts ADD COLUMN started_at timestamptz`);
    await queryRunner.query(`ALTER TABLE delivery_attempts ADD COLUMN duration_ms integer`);
    await queryRunner.query(`ALTER TABLE delivery_attempts ADD COLUMN response_snippet text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE delivery_attempts DROP COLUMN response_snippet`);
    await queryRunner.query(`ALTER TABLE delivery_attempts DROP COLUMN duration_ms`);
    await queryRunner.query(`ALTER TABLE delivery_attempts DROP COLUMN started_at`);
  }
}
