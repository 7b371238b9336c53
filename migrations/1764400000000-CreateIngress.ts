import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIngress1764400000000 implements MigrationInterface {
  name = 'CreateIngress1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
        plugin_id text NOT NULL,
        instance_id text NOT NULL,
        route text NOT NULL,
        provider_delivery_id text NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'RECEIVED',
        attempts integer NOT NULL DEFAULT 0,
        attempt_base integer NOT NULL DEFAULT 0,
        redrives integer NOT NULL DEFAULT 0,
        last_error text,
        conversation_id uuid,
        lease_token uuid,
        lease_until timestamptz,
        next_attempt_at timestamptz,
        received_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT deliveries_status_check
          CHECK (status IN ('RECEIVED', 'QUEUED', 'DELIVERED', 'PARKED', 'DISCARDED', 'DEAD'))
      )`);
    // The dedup key includes plugin_id: two plugins sharing an instance id must not drop each other's deliveries.
    await queryRunner.query(
      `CREATE UNIQUE INDEX deliveries_dedup ON deliveries (plugin_id, instance_id, provider_delivery_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX deliveries_org_received_at_id ON deliveries (organization_id, received_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX deliveries_integration_status ON deliveries (integration_id, status)`,
    );
    // the outbox poller's scan: only rows still waiting for a consumer
    await queryRunner.query(
      `CREATE INDEX deliveries_pending ON deliveries ((COALESCE(next_attempt_at, received_at)))
        WHERE status IN ('RECEIVED', 'QUEUED')`,
    );
    await queryRunner.query(
      `CREATE INDEX deliveries_dead ON deliveries (organization_id) WHERE status = 'DEAD'`,
    );

    await queryRunner.query(`
      CREATE TABLE delivery_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        delivery_id uuid NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
        organization_id uuid NOT NULL,
        kind text NOT NULL,
        outcome text NOT NULL,
        attempt integer,
        response_status integer,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT delivery_attempts_kind_check CHECK (kind IN ('dispatch', 'redrive'))
      )`);
    await queryRunner.query(
      `CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, created_at)`,
    );

    await queryRunner.query(`
      CREATE TABLE conversation_mappings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
        external_conversation_id text NOT NULL,
        conversation_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX conversation_mappings_external
         ON conversation_mappings (integration_id, external_conversation_id)`,
    );
    // reverse uniqueness: one internal conversation is bound to one external conversation per integration
    await queryRunner.query(
      `CREATE UNIQUE INDEX conversation_mappings_internal ON conversation_mappings (integration_id, conversation_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX conversation_mappings_org_created ON conversation_mappings (organization_id, created_at DESC, id DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE conversation_mappings`);
    await queryRunner.query(`DROP TABLE delivery_attempts`);
    await queryRunner.query(`DROP TABLE deliveries`);
  }
}
