// `npm run dev`: plugboard in watch mode for local development.
//   1. builds the console (and the SDK it imports) only when their sources are newer than the build;
//   2. compiles migrations/ once and src/ with `tsc --watch`, which recompiles it on every change;
//   3. `node --watch dist/main.js` restarts the server when dist/ changes (SIGTERM: the embedded
//      PostgreSQL is stopped cleanly and started again with the same data).
// `--plan` prints what step 1 would do and exits (the test of this script uses it).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');

/** Newest modification time under the given files and folders, in ms (0 when none exists). */
function newest(...entries) {
  let latest = 0;
  for (const entry of entries.map((name) => path.join(ROOT, name))) {
    if (!fs.existsSync(entry)) continue;
    const stat = fs.statSync(entry);
    if (!stat.isDirectory()) {
      latest = Math.max(latest, stat.mtimeMs);
      continue;
    }
    for (const child of fs.readdirSync(entry))
      latest = Math.max(latest, newest(path.relative(ROOT, path.join(entry, child))));
  }
  return latest;
}

function builtAt(file) {
  const target = path.join(ROOT, file);
  return fs.existsSync(target) ? fs.statSync(target).mtimeMs : 0;
}

const consoleSources = ['console/src', 'console/index.html', 'console/vite.config.mjs', 'sdk/src'];
const plan = {
  console: newest(...consoleSources) > builtAt('dist/console/index.html') ? 'rebuild' : 'up to date',
};

if (process.argv.includes('--plan')) {
  process.stdout.write(`${JSON.stringify(plan)}\n`);
  process.exit(0);
}

function run(command, args) {
  const result = spawnSync(path.join(BIN, command), args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (plan.console === 'rebuild') {
  console.log('console/ changed since the last build: building it');
  run('vite', ['build', '--config', 'console/vite.config.mjs']);
} else {
  console.log('console: up to date (dist/console), not rebuilt');
}
run('tsc', ['-p', 'tsconfig.migrations.json']);

// The server starts after the watcher's first full compile, so that compile does not restart it.
const children = [];
const compiler = spawn(
  path.join(BIN, 'tsc'),
  ['-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'],
  {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
children.push(compiler);
compiler.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (children.length > 1 || !/Found \d+ errors?\. Watching for file changes/.test(chunk.toString())) return;
  children.push(
    spawn(process.execPath, ['--watch-path=dist', '--watch-preserve-output', 'dist/main.js'], {
      cwd: ROOT,
      stdio: 'inherit',
    }),
  );
  children[1].once('exit', onExit);
});
compiler.once('exit', onExit);

function onExit(code) {
  stop('SIGTERM');
  process.exitCode = code ?? 0;
}
function stop(signal) {
  for (const child of children) if (child.exitCode === null) child.kill(signal);
}
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
