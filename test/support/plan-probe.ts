import { Client } from 'pg';
import { createScratchDatabase, ScratchDatabase } from './scratch-database';

/**
 * For tests of a statement's kept plan: a migrated scratch database and one connection to it (the
 * session whose plans are kept), with autovacuum off for `tables` so that no ANALYZE replaces a plan
 * during the test. Registers the jest hooks; answers the connection.
 */
export function useScratchConnection(prefix: string, tables: string[]): () => Client {
  let database: ScratchDatabase | undefined;
  let client: Client | undefined;
  beforeAll(async () => {
    database = await createScratchDatabase(prefix);
    client = new Client({ connectionString: database.url });
    await client.connect();
    for (const table of tables) await client.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });
  return () => {
    if (!client) throw new Error('useScratchConnection: used outside a test');
    return client;
  };
}

/** An org and a push integration of it, written directly (no app runs in these tests). */
export async function insertOrgAndIntegration(
  client: Client,
  name: string,
): Promise<{ orgId: string; integrationId: string }> {
  const {
    rows: [row],
  } = await client.query<{ org_id: string; integration_id: string }>(
    `WITH org AS (INSERT INTO organizations (name) VALUES ($1) RETURNING id)
     INSERT INTO integrations (organization_id, name, plugin, instance_id, instance_name, delivery_secret_encrypted,
                               ingress_scheme, delivery_url)
     SELECT id, $1, 'generic', $1, $1, 'unused', 'none', 'http://127.0.0.1:9/' FROM org
     RETURNING organization_id AS org_id, id AS integration_id`,
    [name],
  );
  return { orgId: row.org_id, integrationId: row.integration_id };
}

/**
 * Runs `work` in a transaction and answers, with its result, the rows that transaction read from
 * `table` by sequential scans and fetched through indexes (its own counters: no waiting for the
 * statistics to be flushed).
 */
export async function rowsReadBy<T>(
  client: Client,
  table: string,
  work: () => Promise<T>,
): Promise<{ result: T; seqRead: number; fetched: number }> {
  await client.query('BEGIN');
  try {
    const result = await work();
    const {
      rows: [read],
    } = await client.query<{ seq: string; fetched: string }>(
      `SELECT seq_tup_read AS seq, idx_tup_fetch AS fetched FROM pg_stat_xact_user_tables WHERE relname = $1`,
      [table],
    );
    await client.query('COMMIT');
    return { result, seqRead: Number(read.seq), fetched: Number(read.fetched) };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** `count` finished (DELIVERED) rows of an integration: a table grown by a day of traffic. */
export async function insertDeliveredHistory(
  client: Client,
  integrationId: string,
  count: number,
): Promise<void> {
  await client.query(
    `INSERT INTO deliveries (organization_id, integration_id, plugin_id, instance_id, route, provider_delivery_id,
                             payload, status)
     SELECT organization_id, id, plugin, instance_id, 'history', 'history-' || g, '{}'::jsonb, 'DELIVERED'
       FROM integrations CROSS JOIN generate_series(1, $2::int) g WHERE id = $1`,
    [integrationId, count],
  );
}
