import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');

/** Files git tracks (plus new, not yet ignored ones) under the given top-level paths, relative to the root. */
export function repositoryFiles(...roots: string[]): string[] {
  const output = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '--', ...roots],
    {
      cwd: REPOSITORY_ROOT,
      encoding: 'utf8',
    },
  );
  return output.split('\n').filter((file) => file !== '' && fs.existsSync(path.join(REPOSITORY_ROOT, file)));
}

export function readRepositoryFile(file: string): string {
  return fs.readFileSync(path.join(REPOSITORY_ROOT, file), 'utf8');
}
