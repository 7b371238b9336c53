// Shared helpers for the benchmarks: machine facts, percentiles, a throwaway database, the built app.
import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const SERVER_URL = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function machine() {
  const cpus = os.cpus();
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
  } catch {
    // not a git checkout
  }
  let postgres = 'unknown';
  try {
    postgres = execSync('psql --version').toString().trim();
  } catch {
    // no psql
  }
  return {
    date: new Date().toISOString(),
    commit,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres,
  };
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

/** A fresh, migrated database for one benchmark; dropped by the returned cleanup. */
export async function benchDatabase(name) {
  const database = `plugboard_bench_${name}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  const { runMigrations } = await import(path.join(ROOT, 'dist', 'database', 'run-migrations.js'));
  await runMigrations(url.toString());
  return {
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

/**
 * Runs the built `node dist/main.js` in its own process (so the load generator does not share its
 * event loop) and waits for /health/ready.
 */
export async function startBuiltApp(env) {
  const { spawn } = await import('node:child_process');
  const net = await import('node:net');
  const port = await new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address();
      server.close(() => resolve(free));
    });
  });
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'main.js')], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      ADMIN_API_KEY: ADMIN_KEY,
      ENCRYPTION_KEYS: `bench1:${Buffer.alloc(32, 3).toString('base64')}`,
      LOG_LEVEL: 'warn',
      ALLOW_PRIVATE_UPSTREAMS: 'true',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).status === 200) break;
    } catch {
      // starting
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    baseUrl,
    async close() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

export function writeResult(name, result, markdown) {
  const dir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, `${name}.md`), markdown);
}

/** `--quick` on the command line: a short run whose results are written as `<name>-quick.*`. */
export const QUICK = process.argv.includes('--quick');

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
