import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ids a client chooses are scoped to its org, so no org can take an id from another or learn that
 * another org uses it:
 * - agents and interactions are keyed (organization_id, id); placeholders reference their agent by
 *   (organization_id, agent_id). Existing rows keep their ids. The placeholder constraint is added
 *   NOT VALID: rows written before it (legacy mappings included) stay exactly as they are, and every
 *   new row is checked.
 * - an integration's chosen instance name is unique per (org, plugin); the instance id in its ingress
 *   URL stays unique per plugin and, for new integrations, carries an unguessable suffix. Existing
 *   integrations keep their instance id (their providers already post to it) as their name.
 */
export class ScopeClientChosenIdsToOrg1765200000200 implements MigrationInterface {
  name = 'ScopeClientChosenIdsToOrg1765200000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE proxy_placeholders DROP CONSTRAINT IF EXISTS proxy_placeholders_agent_id_fkey`,
    );
    await queryRunner.query(`ALTER TABLE proxy_agents DROP CONSTRAINT proxy_agents_pkey`);
    await queryRunner.query(`ALTER TABLE proxy_agents ADD PRIMARY KEY (organization_id, id)`);
    // the primary key now leads with organization_id
    await queryRunner.query(`DROP INDEX IF EXISTS proxy_agents_organization_id`);
    await queryRunner.query(
      `ALTER TABLE proxy_placeholders ADD CONSTRAINT proxy_placeholders_agent_fkey
         FOREIGN KEY (organization_id, agent_id) REFERENCES proxy_agents (organization_id, id)
         ON DELETE CASCADE NOT VALID`,
    );

    await queryRunner.query(`ALTER TABLE pending_interactions DROP CONSTRAINT pending_interactions_pkey`);
    await queryRunner.query(`ALTER TABLE pending_interactions ADD PRIMARY KEY (organization_id, id)`);

    await queryRunner.query(`ALTER TABLE integrations ADD COLUMN instance_name text`);
    await queryRunner.query(`UPDATE integrations SET instance_name = instance_id`);
    await queryRunner.query(`ALTER TABLE integrations ALTER COLUMN instance_name SET NOT NULL`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX integrations_org_plugin_instance_name
         ON integrations (organization_id, plugin, instance_name)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // only possible while no id is used by two orgs
    await queryRunner.query(`DROP INDEX integrations_org_plugin_instance_name`);
    await queryRunner.query(`ALTER TABLE integrations DROP COLUMN instance_name`);
    await queryRunner.query(`ALTER TABLE pending_interactions DROP CONSTRAINT pending_interactions_pkey`);
    await queryRunner.query(`ALTER TABLE pending_interactions ADD PRIMARY KEY (id)`);
    await queryRunner.query(`ALTER TABLE proxy_placeholders DROP CONSTRAINT proxy_placeholders_agent_fkey`);
    await queryRunner.query(`ALTER TABLE proxy_agents DROP CONSTRAINT proxy_agents_pkey`);
    await queryRunner.query(`ALTER TABLE proxy_agents ADD PRIMARY KEY (id)`);
    await queryRunner.query(`CREATE INDEX proxy_agents_organization_id ON proxy_agents (organization_id)`);
    await queryRunner.query(
      `ALTER TABLE proxy_placeholders ADD CONSTRAINT proxy_placeholders_agent_id_fkey
         FOREIGN KEY (agent_id) REFERENCES proxy_agents (id) ON DELETE CASCADE`,
    );
  }
}
