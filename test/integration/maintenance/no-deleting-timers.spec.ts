import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = path.resolve(__dirname, '..', '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

const TIMER = /\bsetInterval\(|@Interval\(|@Cron\(|addInterval\(|addCronJob\(/;
// SQL, or TypeORM's delete (an entity class, a criteria object, or the query builder's `.delete()`);
// an in-memory Map/Set `.delete(key)` of a dispatcher's or cache's own bookkeeping removes no row
const SQL_DELETE = /\bDELETE\s+FROM\b/i;
const ORM_DELETE = /\.delete\(\s*(\)|\{|[A-Z])|\.softDelete\(|\.remove\(/;
const DELETES_ROWS = { test: (text: string) => SQL_DELETE.test(text) || ORM_DELETE.test(text) };

describe('timers that delete rows', () => {
  it('exist only in the maintenance module (one global sweep, no per-module cleanup timers)', () => {
    const offenders = sourceFiles(SRC)
      .filter((file) => !file.includes(`${path.sep}modules${path.sep}maintenance${path.sep}`))
      .filter((file) => {
        const text = fs.readFileSync(file, 'utf8');
        return TIMER.test(text) && DELETES_ROWS.test(text);
      })
      .map((file) => path.relative(SRC, file));
    expect(offenders).toEqual([]);
  });

  it('recognises row deletions in every form the code uses, and not a Set or Map delete', () => {
    expect(DELETES_ROWS.test('await manager.delete(AgentEntity, { id })')).toBe(true);
    expect(DELETES_ROWS.test('await this.tokens.delete({ id, organizationId })')).toBe(true);
    expect(DELETES_ROWS.test('.createQueryBuilder().delete().from(ConnectionEntity)')).toBe(true);
    expect(DELETES_ROWS.test('DELETE FROM proxy_placeholders WHERE id = $1')).toBe(true);
    expect(DELETES_ROWS.test('delete from proxy_placeholders')).toBe(true);
    expect(DELETES_ROWS.test('this.inFlight.delete(run)')).toBe(false);
  });

  it('finds the sweep timer itself (the scan is looking at the right files)', () => {
    const maintenance = sourceFiles(path.join(SRC, 'modules', 'maintenance'));
    expect(maintenance.some((file) => TIMER.test(fs.readFileSync(file, 'utf8')))).toBe(true);
  });
});
