import { Pool } from 'pg';
import { ENCRYPTED_COLUMNS, EncryptedColumn, secretAt } from '../shared/encrypted-columns';
import { Keyring, SecretUnreadableError } from '../shared/keyring';

export interface ReencryptProgress {
  table: string;
  column: string;
  scanned: number;
  reencrypted: number;
  unreadable: number;
  lastId: string | null;
}

export interface ReencryptReport {
  reencrypted: number;
  unreadable: Array<{ table: string; column: string; rowId: string; reason: string }>;
}

const START = '00000000-0000-0000-0000-000000000000';

/**
 * Re-seals every stored secret that is not yet bound to its row with the first key of
 * ENCRYPTION_KEYS (older keys' values, and the unbound format of older releases), so the older keys
 * can be removed afterwards. Batches in id order; already-current values are skipped by the query
 * itself, which is what makes a run resumable: run it again after an interruption and it goes on
 * where the previous one stopped. Each write is conditional on the value it read, so a token the
 * application refreshed in between is never overwritten (it is sealed with the first key anyway).
 * A value that no listed key opens is reported, never changed.
 */
export async function reencryptSecrets(
  pool: Pool,
  keyring: Keyring,
  options: { batchSize: number; onProgress?: (progress: ReencryptProgress) => void },
): Promise<ReencryptReport> {
  const report: ReencryptReport = { reencrypted: 0, unreadable: [] };
  const current = `v2.${keyring.primaryKeyId}.%`;
  for (const column of Object.values(ENCRYPTED_COLUMNS) as EncryptedColumn[]) {
    const progress: ReencryptProgress = {
      ...column,
      scanned: 0,
      reencrypted: 0,
      unreadable: 0,
      lastId: null,
    };
    let after = START;
    for (;;) {
      const { rows } = await pool.query<{ id: string; sealed: string }>(
        `SELECT id, ${column.column} AS sealed FROM ${column.table}
          WHERE ${column.column} IS NOT NULL AND ${column.column} NOT LIKE $1 AND id > $2
          ORDER BY id LIMIT $3`,
        [current, after, options.batchSize],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        progress.scanned++;
        try {
          const resealed = keyring.reseal(row.sealed, secretAt(column, row.id));
          if (resealed === null) continue;
          const updated = await pool.query(
            `UPDATE ${column.table} SET ${column.column} = $3 WHERE id = $1 AND ${column.column} = $2`,
            [row.id, row.sealed, resealed],
          );
          progress.reencrypted += updated.rowCount ?? 0;
        } catch (error) {
          if (!(error instanceof SecretUnreadableError)) throw error;
          progress.unreadable++;
          report.unreadable.push({ ...column, rowId: row.id, reason: error.message });
        }
      }
      after = rows[rows.length - 1].id;
      progress.lastId = after;
      options.onProgress?.({ ...progress });
    }
    report.reencrypted += progress.reencrypted;
    // a column with nothing to do still says so once
    if (progress.scanned === 0) options.onProgress?.({ ...progress });
  }
  return report;
}
