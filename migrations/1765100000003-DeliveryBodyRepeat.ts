import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GitHub and Shopify sign the body but no timestamp, and their delivery id is a plain header: a
 * captured request replayed with a fresh id would verify and be taken as new. A body identical to one
 * accepted for the same integration in the last 24 h is therefore a repeat, whatever its id header
 * says. The hash is kept only for those schemes and only for 24 h (the sweep clears older ones), and
 * the unique index makes the rule hold for requests racing each other too.
 */
export class DeliveryBodyRepeat1765100000003 implements MigrationInterface {
  name = 'DeliveryBodyRepeat1765100000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deliveries ADD COLUMN body_sha256 text`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX deliveries_body_repeat ON deliveries (integration_id, body_sha256)
        WHERE body_sha256 IS NOT NULL`,
    );
    // the sweep's scan for hashes past the 24 h window
    await queryRunner.query(
      `CREATE INDEX deliveries_body_repeat_age ON deliveries (received_at) WHERE body_sha256 IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX deliveries_body_repeat_age`);
    await queryRunner.query(`DROP INDEX deliveries_body_repeat`);
    await queryRunner.query(`ALTER TABLE deliveries DROP COLUMN body_sha256`);
  }
}
