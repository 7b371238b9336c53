import { Client } from 'pg';
import { auditStoredRow } from './secrets-audit';

/**
 * The secrets audit over the audit ledger: every entry stamped since `since` (the app's start) is
 * searched for every secret the tests registered and for anything shaped like a plugboard secret.
 * Runs when a test app closes, after the app wrote what it had buffered.
 */
export async function auditLedgerSince(databaseUrl: string | undefined, since: Date): Promise<void> {
  if (!databaseUrl) return;
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT * FROM audit_entries WHERE at >= $1`,
      [since],
    );
    for (const row of rows) auditStoredRow('audit_entries', row);
  } catch {
    // a database the test stopped, or one from before the ledger existed: there is nothing to read
  } finally {
    await client.end().catch(() => undefined);
  }
}
