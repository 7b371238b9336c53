import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit ledger: one row per proxied request, access token handed out, placeholder or worker
 * token created or deleted, approval asked or answered, and connection status change. Rows are
 * written behind the requests in multi-row batches, read newest first per org (keyset on
 * `(at, id)`), and removed by the global sweep past the retention. `at` is kept to the
 * millisecond, the precision of the cursor, so a page boundary never falls inside one
 * millisecond's rows. No foreign keys: an entry records what happened and outlives what it names,
 * and a batch insert checks nothing per row. A row never holds a body, a query string's values or
 * a secret.
 */
export class CreateAuditEntries1765600000200 implements MigrationInterface {
  name = 'CreateAuditEntries1765600000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE audit_entries (
         id uuid PRIMARY KEY,
         organization_id uuid NOT NULL,
         at timestamptz(3) NOT NULL,
         actor_type text NOT NULL
           CONSTRAINT audit_entries_actor_type_check
           CHECK (actor_type IN ('agent', 'apiKey', 'operator', 'system')),
         actor_id text,
         action text NOT NULL,
         agent_id uuid,
         connection_id uuid,
         method text,
         path text,
         status smallint,
         code text,
         duration_ms integer,
         request_id text
       )`,
    );
    // the list and the export: an org's entries newest first, filtered on the way
    await queryRunner.query(
      `CREATE INDEX audit_entries_org_at ON audit_entries (organization_id, at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX audit_entries_org_agent_at ON audit_entries (organization_id, agent_id, at DESC, id DESC)
        WHERE agent_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX audit_entries_org_connection_at
         ON audit_entries (organization_id, connection_id, at DESC, id DESC)
        WHERE connection_id IS NOT NULL`,
    );
    // the sweep: the oldest entries of every org
    await queryRunner.query(`CREATE INDEX audit_entries_at ON audit_entries (at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_entries`);
  }
}
