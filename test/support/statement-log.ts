import { randomUUID } from 'node:crypto';
import { sql } from './db';
import { waitUntil } from './wait-until';

/**
 * Logs, per `event` statement on `table`, how many rows `rowsCounted` finds (a FROM clause over the
 * statement's transition tables `new_rows`, and `old_rows` for an UPDATE); statements that count
 * none are left out. How a test shows that a group commit wrote many rows with one statement.
 */
export async function countRowsPerStatement(
  event: 'INSERT' | 'UPDATE',
  table: string,
  rowsCounted: string,
): Promise<{ perStatement(): Promise<number[]>; drop(): Promise<void> }> {
  const log = `test_stmts_${randomUUID().slice(0, 8)}`;
  await sql(`CREATE TABLE ${log} (n int, at serial)`);
  await sql(`CREATE FUNCTION ${log}_fn() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO ${log} (n) SELECT count(*) FROM ${rowsCounted} HAVING count(*) > 0;
      RETURN NULL;
    END $$`);
  const transitions =
    event === 'UPDATE' ? 'OLD TABLE AS old_rows NEW TABLE AS new_rows' : 'NEW TABLE AS new_rows';
  await sql(`CREATE TRIGGER ${log}_trg AFTER ${event} ON ${table} REFERENCING ${transitions}
    FOR EACH STATEMENT EXECUTE FUNCTION ${log}_fn()`);
  return {
    perStatement: async () =>
      (await sql<{ n: number }>(`SELECT n FROM ${log} ORDER BY at`)).map((row) => row.n),
    drop: async () => {
      await sql(`DROP TRIGGER ${log}_trg ON ${table}`);
      await sql(`DROP FUNCTION ${log}_fn()`);
      await sql(`DROP TABLE ${log}`);
    },
  };
}

/** Waits until at least `count` of this database's statements containing `text` wait on a lock; how many do. */
export async function waitForLockWaits(text: string, count: number): Promise<number> {
  const waiting = await waitUntil(
    async () =>
      (
        await sql<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%'`,
          [text],
        )
      )[0].n,
    (n) => Number(n) >= count,
  );
  return Number(waiting);
}
