import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pull mode, for agents with no public URL: an integration either POSTs its deliveries
 * (`delivery_mode = 'push'`, to `delivery_url`) or keeps them for its agent to pull under a lease.
 * Each delivery records which it is (`pull`), set when it is stored, so the dispatcher's and the
 * outbox's scans leave pulled rows out by their index alone, however many wait for a puller. A
 * lease is an attempt: each one is logged (`kind = 'lease'`) and acked or left to expire.
 */
export class PullDeliveryMode1765500000200 implements MigrationInterface {
  name = 'PullDeliveryMode1765500000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE integrations ADD COLUMN delivery_mode text NOT NULL DEFAULT 'push'
         CONSTRAINT integrations_delivery_mode_check CHECK (delivery_mode IN ('push', 'pull'))`,
    );
    await queryRunner.query(
      `ALTER TABLE integrations ADD COLUMN pull_agent_ids uuid[] NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(`ALTER TABLE integrations ALTER COLUMN delivery_url DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE integrations ADD CONSTRAINT integrations_push_has_url
         CHECK (delivery_mode = 'pull' OR delivery_url IS NOT NULL)`,
    );

    await queryRunner.query(`ALTER TABLE deliveries ADD COLUMN pull boolean NOT NULL DEFAULT false`);
    // the dispatcher's and the outbox's scan: pushed rows still waiting (they spell out NOT pull)
    await queryRunner.query(`DROP INDEX deliveries_pending`);
    await queryRunner.query(
      `CREATE INDEX deliveries_pending ON deliveries ((COALESCE(next_attempt_at, received_at)))
        WHERE status IN ('RECEIVED', 'QUEUED') AND NOT pull`,
    );
    // a pull: the integration's waiting rows, oldest first
    await queryRunner.query(
      `CREATE INDEX deliveries_pullable ON deliveries (integration_id, received_at, id)
        WHERE pull AND status IN ('RECEIVED', 'QUEUED')`,
    );
    // leases that ran out: the last one of a round dead-letters its delivery
    await queryRunner.query(
      `CREATE INDEX deliveries_pull_leases ON deliveries (lease_until) WHERE pull AND status = 'QUEUED'`,
    );

    await queryRunner.query(`ALTER TABLE delivery_attempts DROP CONSTRAINT delivery_attempts_kind_check`);
    await queryRunner.query(
      `ALTER TABLE delivery_attempts ADD CONSTRAINT delivery_attempts_kind_check
         CHECK (kind IN ('dispatch', 'redrive', 'lease'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM delivery_attempts WHERE kind = 'lease'`);
    await queryRunner.query(`ALTER TABLE delivery_attempts DROP CONSTRAINT delivery_attempts_kind_check`);
    await queryRunner.query(
      `ALTER TABLE delivery_attempts ADD CONSTRAINT delivery_attempts_kind_check CHECK (kind IN ('dispatch', 'redrive'))`,
    );
    await queryRunner.query(`DROP INDEX deliveries_pull_leases`);
    await queryRunner.query(`DROP INDEX deliveries_pullable`);
    await queryRunner.query(`DROP INDEX deliveries_pending`);
    await queryRunner.query(
      `CREATE INDEX deliveries_pending ON deliveries ((COALESCE(next_attempt_at, received_at)))
        WHERE status IN ('RECEIVED', 'QUEUED')`,
    );
    await queryRunner.query(`ALTER TABLE deliveries DROP COLUMN pull`);
    await queryRunner.query(`DELETE FROM integrations WHERE delivery_mode = 'pull'`);
    await queryRunner.query(`ALTER TABLE integrations DROP CONSTRAINT integrations_push_has_url`);
    await queryRunner.query(`ALTER TABLE integrations ALTER COLUMN delivery_url SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE integrations DROP COLUMN pull_agent_ids`);
    await queryRunner.query(`ALTER TABLE integrations DROP COLUMN delivery_mode`);
  }
}
