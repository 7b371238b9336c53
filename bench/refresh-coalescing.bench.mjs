// Refresh coalescing benchmark: provider calls per token expiry and the wait of coalesced
// callers, for 1 and 3 `node dist/main.js` processes × 50 / 200 / 1,000 concurrent callers.
// Usage: npm run build && node bench/refresh-coalescing.bench.mjs [--quick]  (PostgreSQL at
// BENCH_DATABASE_SERVER, default postgres://postgres@127.0.0.1:5432/postgres). Writes
// bench/results/refresh-coalescing.{json,md} (`--quick`: 1 process × 50 callers × 1 expiry, -quick.*).
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, URLSearchParams } from 'node:url';
import pg from 'pg';
import {
  histogram,
  loadAverage,
  machine,
  PLUGBOARD_ENV,
  QUICK,
  TARGET_ROOT,
  versions,
  writeBenchResult,
} from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_URL = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PROVIDER_LATENCY_MS = Number(process.env.BENCH_PROVIDER_LATENCY_MS ?? 200);
const EXPIRIES = Number(process.env.BENCH_EXPIRIES ?? (QUICK ? 1 : 3));
const list = (value, fallback) => (value ? value.split(',').map(Number) : fallback);
const PROCESS_COUNTS = list(process.env.BENCH_PROCESSES, QUICK ? [1] : [1, 3]);
const CALLER_COUNTS = list(process.env.BENCH_CALLERS, QUICK ? [50] : [50, 200, 1000]);
/** the wait samples of the last row, for the latency-distribution chart */
const lastSamples = { waits: [], baseline: [] };
const ADMIN_KEY = 'bench-operator-key-0123456789abcdef';
const ENCRYPTION_KEYS = `bench1:${Buffer.alloc(32, 9).toString('base64')}`;

/** A rotating token endpoint with reuse detection: a used refresh token answers invalid_grant. */
function startTokenEndpoint() {
  const live = new Set(['r-0']);
  const stats = { calls: 0, invalidGrant: 0 };
  let issued = 0;
  const server = http.createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => (raw += chunk));
    request.on('end', () => {
      stats.calls += 1;
      const params = new URLSearchParams(raw);
      setTimeout(() => {
        const presented = params.get('refresh_token');
        if (!live.delete(presented)) {
          stats.invalidGrant += 1;
          response.writeHead(400, { 'content-type': 'application/json' });
          return response.end(JSON.stringify({ error: 'invalid_grant' }));
        }
        issued += 1;
        live.add(`r-${issued}`);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ access_token: `a-${issued}`, refresh_token: `r-${issued}`, expires_in: 3600 }),
        );
      }, PROVIDER_LATENCY_MS);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}/token`, stats, live, server }),
    ),
  );
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function spawnPlugboard(databaseUrl) {
  // a shared machine: a free port can be taken by someone else's process before ours binds it, so
  // a candidate counts only if it answers our operator key
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const started = await spawnOnce(databaseUrl);
    if (started) return started;
  }
  throw new Error('plugboard did not become ready');
}

async function spawnOnce(databaseUrl) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(TARGET_ROOT, 'dist', 'main.js')], {
    env: {
      PATH: process.env.PATH,
      ...PLUGBOARD_ENV,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      ADMIN_API_KEY: ADMIN_KEY,
      ENCRYPTION_KEYS,
      ALLOW_PRIVATE_UPSTREAMS: 'true',
      PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600',
      LOG_LEVEL: 'error',
      DATA_DIR: path.join(root, '.data', 'bench'),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 300 && child.exitCode === null; attempt += 1) {
    try {
      const answer = await fetch(`${baseUrl}/v1/orgs?limit=1`, {
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      });
      if (answer.status === 200 && child.exitCode === null) return { child, baseUrl };
      if (answer.status === 401) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  return undefined;
}

async function call(baseUrl, method, route, key, body) {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function scenario(database, tokenEndpoint, processCount) {
  const processes = [];
  for (let index = 0; index < processCount; index += 1) processes.push(await spawnPlugboard(database.url));
  const rows = [];
  try {
    const [first] = processes;
    const org = (await call(first.baseUrl, 'POST', '/v1/orgs', ADMIN_KEY, { name: 'bench' })).body;
    const { key } = (await call(first.baseUrl, 'POST', `/v1/orgs/${org.id}/api-keys`, ADMIN_KEY, {})).body;
    await call(first.baseUrl, 'POST', `/v1/orgs/${org.id}/providers`, key, {
      key: 'bench',
      authorizeUrl: 'http://127.0.0.1:9/authorize',
      tokenUrl: tokenEndpoint.url,
      clientId: 'bench',
      clientSecret: 'bench-secret',
    });
    for (const callers of CALLER_COUNTS) {
      // a fresh connection per row, holding the endpoint's one live refresh token
      const refreshToken = [...tokenEndpoint.live][0];
      const connection = (
        await call(first.baseUrl, 'POST', `/v1/orgs/${org.id}/connections`, key, {
          provider: 'bench',
          tokens: { accessToken: 'a-start', refreshToken, expiresIn: 3600 },
        })
      ).body;
      const waits = [];
      const baseline = [];
      const callsPerExpiry = [];
      let invalidGrant = 0;
      const failures = {};
      let distinctTokens = 0;
      const burst = (into) =>
        Promise.all(
          Array.from({ length: callers }, async (_, index) => {
            const started = performance.now();
            const answer = await call(
              processes[index % processCount].baseUrl,
              'POST',
              `/v1/orgs/${org.id}/connections/${connection.id}/access-token`,
              key,
            );
            into.push(performance.now() - started);
            return answer;
          }),
        );
      for (let expiry = 0; expiry < EXPIRIES; expiry += 1) {
        await database.client.query(
          `UPDATE oauth_connections SET expires_at = now() - interval '1 minute' WHERE id = $1`,
          [connection.id],
        );
        const before = { ...tokenEndpoint.stats };
        const answers = await burst(waits);
        callsPerExpiry.push(tokenEndpoint.stats.calls - before.calls);
        invalidGrant += tokenEndpoint.stats.invalidGrant - before.invalidGrant;
        for (const answer of answers.filter((answer) => answer.status !== 200)) {
          const reason = `${answer.status} ${answer.body?.error?.code ?? ''}`.trim();
          failures[reason] = (failures[reason] ?? 0) + 1;
        }
        const served = answers.filter((answer) => answer.status === 200);
        distinctTokens = Math.max(
          distinctTokens,
          new Set(served.map((answer) => answer.body.accessToken)).size,
        );
      }
      // the same burst with a valid token (no refresh at all): what HTTP + auth cost on this machine
      const before = tokenEndpoint.stats.calls;
      await burst(baseline);
      if (tokenEndpoint.stats.calls !== before) throw new Error('baseline burst refreshed');
      baseline.sort((a, b) => a - b);
      waits.sort((a, b) => a - b);
      const row = {
        processes: processCount,
        callers,
        callsPerExpiry: callsPerExpiry.join(' / '),
        invalidGrant,
        failures:
          Object.entries(failures)
            .map(([reason, count]) => `${count}× ${reason}`)
            .join(', ') || '0',
        distinctTokens,
        p50: percentile(waits, 50).toFixed(0),
        p99: percentile(waits, 99).toFixed(0),
        baselineP50: percentile(baseline, 50).toFixed(0),
        baselineP99: percentile(baseline, 99).toFixed(0),
      };
      lastSamples.waits = waits;
      lastSamples.baseline = baseline;
      console.log(JSON.stringify(row));
      rows.push(row);
    }
  } finally {
    for (const { child } of processes) child.kill('SIGKILL');
  }
  return rows;
}

async function main() {
  const startedAt = machine();
  const loadBefore = loadAverage();
  const name = `plugboard_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  const database = { url: url.toString(), client };
  const tokenEndpoint = await startTokenEndpoint();
  const rows = [];
  try {
    // the first process applies the migrations before the client connects to the new database
    for (const processCount of PROCESS_COUNTS) {
      if (processCount === PROCESS_COUNTS[0]) {
        const warm = await spawnPlugboard(database.url);
        warm.child.kill('SIGKILL');
        await client.connect();
      }
      rows.push(...(await scenario(database, tokenEndpoint, processCount)));
    }
  } finally {
    await client.end().catch(() => undefined);
    tokenEndpoint.server.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
  const report = [
    '# Refresh coalescing benchmark',
    '',
    `Generated by \`node bench/refresh-coalescing.bench.mjs${QUICK ? ' --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}; machine: ${process.platform}, ${
      (await import('node:os')).cpus().length
    } cores (shared), Node ${process.version}, PostgreSQL on loopback, no Redis (PostgreSQL lease).`,
    `Token endpoint: rotating refresh tokens with reuse detection (a reused refresh token answers invalid_grant), ${PROVIDER_LATENCY_MS} ms latency.`,
    `Each row: ${EXPIRIES} expiries; at each, all callers hit POST …/access-token at once, spread round-robin over the processes.`,
    'Wait = client-measured latency of each access-token call (HTTP, API-key auth, coalescing, the one refresh).',
    'Baseline = the same burst against a still-valid token (no refresh): the cost of HTTP and auth alone on this machine.',
    '',
    '| processes | callers | provider calls per expiry | invalid_grant | non-200 answers | distinct tokens served per expiry | wait p50 ms | wait p99 ms | baseline p50 ms | baseline p99 ms |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.processes} | ${row.callers} | ${row.callsPerExpiry} | ${row.invalidGrant} | ${row.failures} | ${row.distinctTokens} | ${row.p50} | ${row.p99} | ${row.baselineP50} | ${row.baselineP99} |`,
    ),
    '',
  ].join('\n');
  const last = rows[rows.length - 1];
  const figures = rows.flatMap((row) => [
    {
      figure: `provider calls per expiry, ${row.processes} proc × ${row.callers} callers`,
      value: row.callsPerExpiry,
      unit: 'calls',
      target: '1',
      pass: row.callsPerExpiry.split(' / ').every((calls) => calls === '1'),
    },
    {
      figure: `access-token wait p99 at expiry, ${row.processes} proc × ${row.callers} callers`,
      value: Number(row.p99),
      unit: 'ms',
      baseline: Number(row.baselineP99),
      baselineLabel: 'same burst, valid token',
    },
  ]);
  writeBenchResult(
    'refresh-coalescing',
    {
      benchmark: 'refresh-coalescing',
      machine: startedAt,
      loadAverage: { before: loadBefore, after: loadAverage() },
      generator: 'fetch (undici) in the benchmark process, bursts of concurrent callers',
      versions: await versions([]),
      providerLatencyMs: PROVIDER_LATENCY_MS,
      expiries: EXPIRIES,
      rows,
      figures,
      distributions: {
        [`wait at expiry (${last.processes}×${last.callers})`]: histogram(lastSamples.waits),
        'baseline (valid token)': histogram(lastSamples.baseline),
      },
    },
    report,
  );
  console.log(report);
}

await main();
