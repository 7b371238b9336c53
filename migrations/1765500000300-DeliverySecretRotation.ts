import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rotating an integration's delivery secret must not break its receiver: for an overlap after a
 * rotation, deliveries carry a signature by the previous secret as well (sealed for its own column,
 * so a ciphertext copied between the two columns does not decrypt). The sweep clears it afterwards.
 */
export class DeliverySecretRotation1765500000300 implements MigrationInterface {
  name = 'DeliverySecretRotation1765500000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE integrations ADD COLUMN previous_delivery_secret_encrypted text`);
    await queryRunner.query(
      `ALTER TABLE integrations ADD COLUMN previous_delivery_secret_expires_at timestamptz`,
    );
    await queryRunner.query(
      `CREATE INDEX integrations_previous_delivery_secret ON integrations (previous_delivery_secret_expires_at)
        WHERE previous_delivery_secret_expires_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX integrations_previous_delivery_secret`);
    await queryRunner.query(`ALTER TABLE integrations DROP COLUMN previous_delivery_secret_expires_at`);
    await queryRunner.query(`ALTER TABLE integrations DROP COLUMN previous_delivery_secret_encrypted`);
  }
}
