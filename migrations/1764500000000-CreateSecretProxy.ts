import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Secret proxy: agents, worker tokens (hashed) and placeholders. Worker tokens keep no foreign key to
 * their agent: deleting an agent revokes its tokens (revoked_at) instead of deleting them, so a token
 * of a deleted agent answers 403 rather than 401 (docs/api.md). placeholders.organization_id is nullable
 * only for legacy unscoped mappings, which the proxy refuses whenever an org is expected.
 */
export class CreateSecretProxy1764500000000 implements MigrationInterface {
  name = 'CreateSecretProxy1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE proxy_agents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX proxy_agents_organization_id ON proxy_agents (organization_id)`);
    await queryRunner.query(`
      CREATE TABLE proxy_worker_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        agent_id uuid NOT NULL,
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX proxy_worker_tokens_token_hash ON proxy_worker_tokens (token_hash)`,
    );
    await queryRunner.query(
      `CREATE INDEX proxy_worker_tokens_agent ON proxy_worker_tokens (organization_id, agent_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX proxy_worker_tokens_expires_at ON proxy_worker_tokens (expires_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE proxy_placeholders (
        id uuid PRIMARY KEY,
        organization_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
        agent_id uuid REFERENCES proxy_agents(id) ON DELETE CASCADE,
        connection_id uuid NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX proxy_placeholders_agent ON proxy_placeholders (organization_id, agent_id)`,
    );
    await queryRunner.query(`CREATE INDEX proxy_placeholders_expires_at ON proxy_placeholders (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE proxy_placeholders`);
    await queryRunner.query(`DROP TABLE proxy_worker_tokens`);
    await queryRunner.query(`DROP TABLE proxy_agents`);
  }
}
