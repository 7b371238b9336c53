// Shared helpers for the benchmarks: command-line options, the plugboard build under test (`--root`),
// machine facts and tool versions, percentiles, a throwaway database, the built app in its own process.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { clearTimeout } from 'node:timers';
import pg from 'pg';

/** The checkout the bench scripts live in: results are written here. */
export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const SERVER_URL = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** `--name value` on the command line, else the fallback. */
export function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}

/** Every `--name value` pair given for a repeatable option. */
export function options(name) {
  return process.argv.flatMap((arg, index, all) =>
    arg === `--${name}` && index + 1 < all.length ? [all[index + 1]] : [],
  );
}

/** `--quick` on the command line: a short run whose results are written as `<name>-quick.*`. */
export const QUICK = process.argv.includes('--quick');

/**
 * The plugboard checkout whose build is measured: `--root <dir>` (default this checkout). It runs
 * `<root>/dist/main.js` and migrates with `<root>/dist/database/run-migrations.js`, so a pre-change
 * build can be measured by the current scripts.
 */
export const TARGET_ROOT = path.resolve(option('root', ROOT));

/**
 * The Node.js binary plugboard runs on: `--node <path>` (default the one running the benchmark,
 * which keeps running the load generators and helper servers). Results record its version.
 */
export const APP_NODE = option('node', process.execPath);

/** `node --version` of a binary (`v24.1.0`). */
export function nodeVersion(binary) {
  return binary === process.execPath
    ? process.version
    : execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
}

/** What every benchmark passes to plugboard: quiet logs, no rate limit in the way of the load. */
export const PLUGBOARD_ENV = {
  LOG_LEVEL: 'warn',
  RATE_LIMIT_API_PER_MINUTE: '0',
  RATE_LIMIT_REJECTED_PER_MINUTE: '0',
  ALLOW_PRIVATE_UPSTREAMS: 'true',
};

export function requireBuild() {
  for (const file of ['dist/main.js', 'dist/database/run-migrations.js']) {
    if (!fs.existsSync(path.join(TARGET_ROOT, file))) {
      throw new Error(`${TARGET_ROOT} has no ${file}: run \`npm run build\` in that checkout first`);
    }
  }
}

function gitCommit(cwd) {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, stdio: 'pipe' })
      .toString()
      .trim();
    // results the benchmarks themselves wrote (and the reports made from them) are not a change to
    // what is measured
    const dirty = execFileSync(
      'git',
      [
        'status',
        '--porcelain',
        '--untracked-files=no',
        '--',
        '.',
        ':(exclude)bench/results',
        ':(exclude)bench/RESULTS.md',
        ':(exclude)bench/PROFILE.md',
      ],
      {
        cwd,
        stdio: 'pipe',
      },
    )
      .toString()
      .trim();
    return dirty ? `${commit} (uncommitted changes)` : commit;
  } catch {
    return 'unknown';
  }
}

/** The machine, the build under test (commit of `--root`) and the bench scripts' own commit. */
export function machine() {
  const cpus = os.cpus();
  let postgres = 'unknown';
  try {
    postgres = execFileSync('psql', ['--version'], { stdio: 'pipe' }).toString().trim();
  } catch {
    // no psql
  }
  const benchCommit = gitCommit(ROOT);
  const commit = TARGET_ROOT === ROOT ? benchCommit : gitCommit(TARGET_ROOT);
  let builtAt = 'unknown';
  try {
    builtAt = fs.statSync(path.join(TARGET_ROOT, 'dist', 'main.js')).mtime.toISOString();
  } catch {
    // not built
  }
  return {
    date: new Date().toISOString(),
    commit,
    // a label, not the path: results are committed, and a path names a directory of one machine only
    root: TARGET_ROOT === ROOT ? 'this checkout' : 'another checkout',
    builtAt,
    benchCommit,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    appNode: nodeVersion(APP_NODE),
    postgres,
    loadAverage: loadAverage(),
  };
}

/** 1/5/15-minute load average, rounded: above the core count, the figures are noisy. */
export function loadAverage() {
  return os.loadavg().map((value) => Math.round(value * 100) / 100);
}

function firstLine(command, args) {
  // nginx -v prints on stderr, wrk -v exits 1: read both streams whatever the exit code
  const run = spawnSync(command, args, { encoding: 'utf8' });
  if (run.error) return 'not installed';
  const text = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
  return text
    .split('\n')[0]
    .replace(/^nginx version: /, '')
    .replace(/ Copyright.*$/, '');
}

/** Versions of the tools a benchmark uses (recorded in its result). */
export async function versions(tools = []) {
  const require = createRequire(path.join(ROOT, 'package.json'));
  const found = { node: process.version };
  for (const tool of tools) {
    if (tool === 'autocannon') found.autocannon = require('autocannon/package.json').version;
    if (tool === 'nginx') found.nginx = firstLine('nginx', ['-v']);
    if (tool === 'wrk') found.wrk = firstLine('wrk', ['-v']);
    if (tool === 'pgbench') found.pgbench = firstLine('pgbench', ['--version']);
    if (tool === 'redis') found.redis = firstLine('redis-server', ['--version']);
  }
  const client = new pg.Client({ connectionString: SERVER_URL });
  try {
    await client.connect();
    found.postgresServer = (await client.query('SHOW server_version')).rows[0].server_version;
  } catch {
    found.postgresServer = 'unreachable';
  } finally {
    await client.end().catch(() => undefined);
  }
  return found;
}

/** One markdown line: machine, build under test, load average before/after, generator and versions. */
export function environmentLine(result) {
  const m = result.machine;
  const tools = Object.entries(result.versions ?? {})
    .map(([tool, version]) => `${tool} ${version}`)
    .join(', ');
  const load = (values) => (values ?? []).map((value) => value.toFixed(2)).join(' / ');
  return [
    `${m.date} · build under test: ${m.root} at ${m.commit} (dist built ${m.builtAt}) · bench scripts ${m.benchCommit}`,
    `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB · load average (1/5/15 min) ${load(result.loadAverage?.before)} before, ${load(result.loadAverage?.after)} after${
      (result.loadAverage?.before?.[0] ?? 0) > m.cpus
        ? ' (**busy machine**: absolute figures are low and noisy)'
        : ''
    }`,
    `load generator: ${result.generator} · ${tools}${
      m.appNode && m.appNode !== m.node
        ? ` · plugboard on Node.js ${m.appNode}, the benchmark on ${m.node}`
        : ''
    }`,
  ].join('  \n');
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (value) => Math.round(value * 100) / 100;
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? 0),
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh database migrated by the build under test; dropped by the returned cleanup. */
export async function benchDatabase(name) {
  requireBuild();
  const database = `plugboard_bench_${name.replace(/[^a-z0-9_]/g, '_')}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  const { runMigrations } = await import(path.join(TARGET_ROOT, 'dist', 'database', 'run-migrations.js'));
  await runMigrations(url.toString());
  return {
    name: database,
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: SERVER_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await client.end();
    },
  };
}

export const ADMIN_KEY = 'bench-operator-key-0123456789abcdef';
export const ENCRYPTION_KEYS = `bench1:${Buffer.alloc(32, 3).toString('base64')}`;

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Every process a benchmark starts, so a crash or Ctrl-C does not leave them running. */
const started = new Set();
function killStarted() {
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
process.once('exit', killStarted);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killStarted();
    process.exit(130);
  });
}

/**
 * Starts a child process whose output is kept (the last 64 KiB) for error messages; it is killed
 * when the benchmark exits.
 */
export function startProcess(command, args, { echoStderr = true, ...spawnOptions } = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-65_536);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', (chunk) => {
    keep(chunk);
    // what a process says on stderr (start-up failures, crashes) is shown as it happens
    if (echoStderr) process.stderr.write(chunk);
  });
  child.output = () => output;
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with how it ended. */
export async function stopProcess(child, graceMs = 20_000) {
  if (child.exitCode !== null || child.signalCode !== null)
    return { code: child.exitCode, signal: child.signalCode };
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const outcome = await exited;
  clearTimeout(timer);
  return outcome;
}

async function waitReady(baseUrl, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      const response = await fetch(`${baseUrl}/health/ready`);
      await response.arrayBuffer();
      // a port reused by someone else's process would not know our operator key
      if (response.status === 200) {
        const me = await fetch(`${baseUrl}/v1/orgs?limit=1`, {
          headers: { authorization: `Bearer ${ADMIN_KEY}` },
        });
        await me.arrayBuffer();
        if (me.status === 200) return true;
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  return false;
}

/**
 * The Node.js flags `npm start` gives the measured checkout (its `start:dist` script, e.g. the young
 * generation's floor), so a benchmark runs plugboard as a new user does; none in a checkout without them.
 */
function startFlags() {
  const { scripts = {} } = JSON.parse(fs.readFileSync(path.join(TARGET_ROOT, 'package.json'), 'utf8'));
  const match = /node((?: --[\w-]+(?:=\S+)?)*) dist\/main\.js/.exec(scripts['start:dist'] ?? '');
  return match ? match[1].split(' ').filter(Boolean) : [];
}

/**
 * Runs the built `<root>/dist/main.js` in its own process (so the load generator does not share its
 * event loop) with the benchmark defaults (PLUGBOARD_ENV) and waits until it answers. `nodeArgs`
 * go before the script (e.g. `--cpu-prof`); `node` is the Node.js binary (default `--node`, else the
 * one running the benchmark), so one run can measure the same build on two Node.js versions.
 */
export async function startBuiltApp(env, { nodeArgs = [], script = 'main.js', node = APP_NODE } = {}) {
  requireBuild();
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const args = [...startFlags(), ...nodeArgs, path.join(TARGET_ROOT, 'dist', script)];
    const child = startProcess(node, args, {
      cwd: os.tmpdir(),
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        ADMIN_API_KEY: ADMIN_KEY,
        ENCRYPTION_KEYS,
        DATA_DIR: path.join(os.tmpdir(), 'plugboard-bench-data'),
        ...PLUGBOARD_ENV,
        // diagnostics for every plugboard a benchmark starts, e.g. the GC observer's preload
        ...(process.env.BENCH_APP_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_APP_NODE_OPTIONS } : {}),
        ...env,
      },
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    if (await waitReady(baseUrl, child, 60_000)) {
      return {
        child,
        baseUrl,
        port,
        close: (graceMs) => stopProcess(child, graceMs),
      };
    }
    const output = child.output();
    await stopProcess(child, 2000);
    // the port was taken between freePort() and listen(): try another one
    if (/EADDRINUSE/.test(output)) continue;
    throw new Error(`plugboard (${TARGET_ROOT}) did not become ready:\n${output}`);
  }
  throw new Error('plugboard did not become ready: no free port after 5 attempts');
}

/**
 * Formats a generated markdown file with the repository's prettier (lint checks bench/*.md), when
 * prettier is installed; the file is left as written otherwise.
 */
export async function formatMarkdown(file) {
  try {
    const prettier = await import('prettier');
    const text = fs.readFileSync(file, 'utf8');
    const config = (await prettier.resolveConfig(file)) ?? {};
    fs.writeFileSync(file, await prettier.format(text, { ...config, filepath: file }));
  } catch (error) {
    process.stderr.write(`not formatted (${error.message}): ${file}\n`);
  }
}

export function writeResult(name, result, markdown) {
  const dir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, `${name}.md`), markdown);
}

/**
 * Latency distribution in log2 buckets (≤1 ms, 1-2, 2-4, …), for the SVG charts `run-all.mjs` draws
 * from a result's `distributions` field: `{ "<label>": histogram(samples) }`.
 */
export function histogram(samples) {
  const counts = {};
  for (const sample of samples) {
    const bucket = sample <= 1 ? 0 : Math.ceil(Math.log2(sample));
    counts[bucket] = (counts[bucket] ?? 0) + 1;
  }
  return {
    count: samples.length,
    buckets: Object.entries(counts)
      .map(([bucket, count]) => ({ upToMs: 2 ** Number(bucket), count }))
      .sort((a, b) => a.upToMs - b.upToMs),
  };
}

/**
 * Every bench writes `bench/results/<name>.json` (and `.md`), or `<name>-quick.*` with `--quick`. The
 * JSON carries `figures: [{ figure, value, unit, baseline?, baselineUnit?, baselineLabel?, target?, pass? }]`, each
 * figure next to the baseline measured in the same run; `run-all.mjs` tabulates them in RESULTS.md.
 */
export function writeBenchResult(name, result, markdown) {
  writeResult(QUICK ? `${name}-quick` : name, { quick: QUICK, ...result }, markdown);
}
