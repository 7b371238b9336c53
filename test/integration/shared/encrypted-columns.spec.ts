import { ENCRYPTED_COLUMNS } from '../../../src/shared/encrypted-columns';
import { closeSql, sql } from '../../support/db';

describe('ENCRYPTED_COLUMNS', () => {
  afterAll(() => closeSql());

  it('lists every *_encrypted column of the schema, so key rotation re-encrypts all of them', async () => {
    const columns = await sql<{ table: string; column: string }>(
      `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_name LIKE '%\\_encrypted' ORDER BY 1, 2`,
    );
    const listed = Object.values(ENCRYPTED_COLUMNS).map(({ table, column }) => ({ table, column }));
    const byName = (a: { table: string; column: string }, b: { table: string; column: string }) =>
      `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`);
    expect([...listed].sort(byName)).toEqual([...columns].sort(byName));
  });
});
