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
const DELETES_ROWS = /\bDELETE\s+FROM\b|\.delete\(|\.softDelete\(|\.remove\(/i;

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

  it('finds the sweep timer itself (the scan is looking at the right files)', () => {
    const maintenance = sourceFiles(path.join(SRC, 'modules', 'maintenance'));
    expect(maintenance.some((file) => TIMER.test(fs.readFileSync(file, 'utf8')))).toBe(true);
  });
});
