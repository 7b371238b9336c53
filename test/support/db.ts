import { Pool } from 'pg';
import { testState } from './test-state';

let pool: Pool | undefined;

/** Direct SQL on the run's test database, for asserting what was stored (never to fake app state). */
export async function sql<T = Record<string, any>>(text: string, params: unknown[] = []): Promise<T[]> {
  pool ??= new Pool({ connectionString: testState().databaseUrl, max: 4 });
  const result = await pool.query(text, params);
  return result.rows as T[];
}

export async function closeSql(): Promise<void> {
  await pool?.end();
  pool = undefined;
}
