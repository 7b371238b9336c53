import { ADVISORY_LOCKS } from '../../src/shared/advisory-locks';
import { readRepositoryFile, repositoryFiles } from '../support/repository-files';

// Two jobs sharing an advisory key would make one silently skip its runs while the other holds it;
// the keys therefore live in one map, and every lock call names its key from that map.
describe('advisory locks', () => {
  const sources = repositoryFiles('src').filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && file !== 'src/shared/advisory-locks.ts',
  );
  const lockCalls = sources.flatMap((file) => {
    const lines = readRepositoryFile(file).split('\n');
    return lines.flatMap((line, index) =>
      /pg_(try_)?advisory_(xact_)?(un)?lock/.test(line)
        ? [{ file, line: index + 1, text: lines.slice(index, index + 3).join(' ') }]
        : [],
    );
  });

  it('gives every key a distinct value', () => {
    const values = Object.values(ADVISORY_LOCKS);
    expect(new Set(values).size).toBe(values.length);
  });

  it('takes every key from ADVISORY_LOCKS, never a literal', () => {
    expect(lockCalls.length).toBeGreaterThanOrEqual(4);
    const outside = lockCalls.filter(({ text }) => !/ADVISORY_LOCKS\.\w+/.test(text));
    expect(outside).toEqual([]);
  });

  it('has no key that nothing takes', () => {
    const used = new Set(
      lockCalls.flatMap(({ text }) => [...text.matchAll(/ADVISORY_LOCKS\.(\w+)/g)].map((m) => m[1])),
    );
    expect(Object.keys(ADVISORY_LOCKS).filter((key) => !used.has(key))).toEqual([]);
  });
});
