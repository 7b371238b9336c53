/**
 * TypeORM's postgres `query()` answers an UPDATE or DELETE with `[rows, rowCount]` and every other
 * statement with the rows alone; this gives the rows of a `… RETURNING` statement either way.
 */
export function returningRows<Row>(result: unknown): Row[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as Row[];
  }
  return result as Row[];
}
