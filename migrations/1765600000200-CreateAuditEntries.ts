import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit ledger: one row per proxied request, access token handed out, placeholder or worker
 * token created or deleted, approval asked or answered, and connection status change. Rows are
 * written behind the requests in multi-row batches, read newest first per org (keyset on
 * `(at, id)`), and removed by the global sweep past the retention. `at` is kept to the
 * millisecond, the precision of the cursor, so a page boundary never falls inside one
 * millisecond's rows. The table is written at the proxy's rate, so it carries only what its
 * reads need: no primary key (nothing reads an entry by id; ids are random UUIDs), no foreign keys
 * (an entry outlives what it names), one index per org and time, and a block-range index for the
 * sweep. Filters by agent, connection or action are applied while walking an org's entries by
 * time. A row never holds a body, a query string's values or a secret.
 */
export class CreateAuditEntries1765600000200 implements MigrationInterface {
  name = 'CreateAuditEntries1765600000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE audit_entries (
         id uuid NOT NULL,
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
    // the list and the export: an org's entries by time, read backwards for newest first; new
    // entries land at the index's right end, where PostgreSQL appends without searching
    await queryRunner.query(`CREATE INDEX audit_entries_org_at ON audit_entries (organization_id, at, id)`);
    // the sweep: the oldest entries of every org (rows are stored in time order, so a block-range
    // index finds them at almost no cost to the inserts)
    await queryRunner.query(`CREATE INDEX audit_entries_at ON audit_entries USING brin (at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_entries`);
  }
}
