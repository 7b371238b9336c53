import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deliveries also carry plugboard's own events to the agent (an interaction's answer), so that they
 * get the same durability, retries, dead letters and redrive as provider webhooks.
 */
export class DeliveryEventTypes1764400000001 implements MigrationInterface {
  name = 'DeliveryEventTypes1764400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE deliveries ADD COLUMN event_type text NOT NULL DEFAULT 'ingress.delivery'`,
    );
    await queryRunner.query(`ALTER TABLE deliveries ADD COLUMN target_url text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deliveries DROP COLUMN target_url`);
    await queryRunner.query(`ALTER TABLE deliveries DROP COLUMN event_type`);
  }
}
