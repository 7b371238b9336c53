import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIntegrations1764300000000 implements MigrationInterface {
  name = 'CreateIntegrations1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE integrations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL,
        plugin text NOT NULL,
        instance_id text NOT NULL,
        connection_ids uuid[] NOT NULL DEFAULT '{}',
        delivery_url text NOT NULL,
        delivery_secret_encrypted text NOT NULL,
        config jsonb NOT NULL DEFAULT '{}'::jsonb,
        ingress_scheme text NOT NULL,
        ingress_secret_encrypted text,
        on_error text NOT NULL DEFAULT 'park',
        status text NOT NULL DEFAULT 'ENABLED',
        status_reason text,
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT integrations_status_check
          CHECK (status IN ('ENABLED', 'DISABLED', 'ERROR', 'NEEDS_CONFIG', 'PROCESSING')),
        CONSTRAINT integrations_on_error_check CHECK (on_error IN ('park', 'discard'))
      )`);
    // ingress addresses an integration by (plugin, instance id) before any org is known
    await queryRunner.query(
      `CREATE UNIQUE INDEX integrations_plugin_instance ON integrations (plugin, instance_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX integrations_org_created_at_id ON integrations (organization_id, created_at DESC, id DESC)`,
    );
    // CREDENTIAL_INVALIDATED / REAUTH_SUCCEEDED find integrations by connection_ids @> ARRAY[id]
    await queryRunner.query(
      `CREATE INDEX integrations_connection_ids ON integrations USING gin (connection_ids)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE integrations`);
  }
}
