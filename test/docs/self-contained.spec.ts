import * as path from 'node:path';
import { readRepositoryFile, REPOSITORY_ROOT, repositoryFiles } from '../support/repository-files';

// A clone of this repository is all a reader has: a file that points to a path outside it (a sibling
// checkout, a planning folder, a machine's absolute path) sends them nowhere.
const SCANNED = [
  'README.md',
  'docs',
  'src',
  'test',
  'console',
  'sdk',
  'bench',
  'migrations',
  'scripts',
  'deploy',
  'examples',
  '.env.example',
  '.dependency-cruiser.js',
  'eslint.config.mjs',
];
const BINARY = /\.(png|jpe?g|gif|ico|woff2?)$/;
// generated, or written by the tools that read them (their names are asserted elsewhere)
const SKIPPED = new Set(['sdk/src/generated/schema.ts', 'sdk/src/generated/operations.ts']);

/**
 * References in files of the branches that other work is changing at the same time; each entry is
 * one line to fix when that work has landed. Keep this empty otherwise.
 */
const PENDING: { file: string; text: string }[] = [];

// a machine's own directories (spelled in pieces so that this file does not match itself)
const MACHINE_PATH = new RegExp(['', 'work', '[\\w.-]+'].join('/'));
// a relative path to a folder named shared: fine when it lands on src/shared, wrong when it lands outside
const RELATIVE_SHARED = /((?:\.\.\/)+)shared\b/g;

interface Finding {
  file: string;
  line: number;
  text: string;
  why: string;
}

function scannedFiles(): string[] {
  return repositoryFiles(...SCANNED).filter((file) => !BINARY.test(file) && !SKIPPED.has(file));
}

function markdownNames(): Set<string> {
  return new Set(
    repositoryFiles('.')
      .filter((file) => file.endsWith('.md'))
      .map((file) => path.basename(file)),
  );
}

const existing = new Map<string, boolean>();
/** Whether the repository holds this file or folder (asked of git once per path). */
function exists(relative: string): boolean {
  if (!existing.has(relative)) existing.set(relative, repositoryFiles(relative).length > 0);
  return existing.get(relative)!;
}

function isPending(file: string, text: string): boolean {
  return PENDING.some((entry) => entry.file === file && text.includes(entry.text));
}

function findOutsideReferences(): Finding[] {
  const names = markdownNames();
  const findings: Finding[] = [];
  for (const file of scannedFiles()) {
    const lines = readRepositoryFile(file).split('\n');
    lines.forEach((text, index) => {
      const found = (why: string) => {
        if (!isPending(file, text)) findings.push({ file, line: index + 1, text: text.trim(), why });
      };
      if (MACHINE_PATH.test(text) && !/https?:\/\//.test(text)) found('an absolute path of one machine');
      for (const match of text.matchAll(RELATIVE_SHARED)) {
        const target = path.relative(
          REPOSITORY_ROOT,
          path.resolve(REPOSITORY_ROOT, path.dirname(file), `${match[1]}shared`),
        );
        if (target.startsWith('..') || !exists(target)) found(`"${match[0]}" is outside the repository`);
      }
      // a document named by its file name must be one of ours
      for (const match of text.matchAll(/\b([A-Za-z][\w-]*\.md)\b/g)) {
        if (!names.has(match[1])) found(`"${match[1]}" is no file of this repository`);
      }
      // a relative Markdown link must land on a file or folder inside the repository
      if (file.endsWith('.md')) {
        for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
          const target = match[1].split('#')[0];
          if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
          const resolved = path.resolve(REPOSITORY_ROOT, path.dirname(file), target);
          const relative = path.relative(REPOSITORY_ROOT, resolved);
          if (relative.startsWith('..') || path.isAbsolute(relative))
            found(`link "${match[1]}" leaves the repository`);
          else if (!exists(relative)) found(`link "${match[1]}" names nothing in the repository`);
        }
      }
    });
  }
  return findings;
}

describe('the repository stands alone', () => {
  it('has no file that links or refers to a path outside it', () => {
    expect(findOutsideReferences()).toEqual([]);
  });

  it('keeps no pending entry whose line has already been fixed', () => {
    const stale = PENDING.filter(
      (entry) =>
        !readRepositoryFile(entry.file)
          .split('\n')
          .some((line) => line.includes(entry.text)),
    );
    expect(stale).toEqual([]);
  });

  it('would catch each kind of outside reference', () => {
    const names = markdownNames();
    expect(MACHINE_PATH.test(`built in ${['', 'work', 'baseline'].join('/')}`)).toBe(true);
    expect([
      ...`see ${['..', 'shared', ['API', 'md'].join('.')].join('/')}`.matchAll(RELATIVE_SHARED),
    ]).toHaveLength(1);
    expect(names.has(['ARCHITECTURE', 'md'].join('.'))).toBe(false);
    expect(names.has('architecture.md')).toBe(true);
  });
});
