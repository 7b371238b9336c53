// Ingress benchmark (issue 7): durable accepts/s and p99 at concurrency 1/8/32, next to pgbench
// single-row insert tps at the same concurrency measured in the same run; then end-to-end
// accept → delivered throughput with Redis while the backlog drains.
//
//   npm run build && node bench/ingress-accept.mjs
//
// Needs PostgreSQL (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres), pgbench on
// PATH and Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379). Results go to bench/results/.
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { createServer } from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const endToEndSeconds = Number(process.env.BENCH_E2E_SECONDS ?? 60);
const levels = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
const adminKey = 'bench-operator-key-0123456789abcdef';

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function createDatabase() {
  const name = `plugboard_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const { runMigrations } = await import(path.join(root, 'dist/database/run-migrations.js'));
  await runMigrations(url.toString());
  return { name, url: url.toString() };
}

async function dropDatabase(name) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

async function startPlugboard(env) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'dist/main.js')], {
    env: { PATH: process.env.PATH, ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 150; tries++) {
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).status === 200) return { child, baseUrl };
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error('plugboard did not become ready');
}

async function stop(child) {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

async function api(baseUrl, method, pathname, key, body) {
  const response = await fetch(`${baseUrl}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status >= 300)
    throw new Error(`${method} ${pathname}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function seedIntegration(baseUrl, deliveryUrl) {
  const org = await api(baseUrl, 'POST', '/v1/orgs', adminKey, { name: 'bench' });
  return api(baseUrl, 'POST', `/v1/orgs/${org.id}/integrations`, adminKey, {
    name: 'bench',
    plugin: 'bench',
    instanceId: `bench-${randomUUID().slice(0, 8)}`,
    deliveryUrl,
    ingress: { scheme: 'none' },
  });
}

function load(url, connections, duration) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        connections,
        duration,
        headers: { 'content-type': 'application/json' },
        // [<id>] is replaced per request: every body is new, so every request is a durable insert
        body: '{"type":"bench.event","id":"[<id>]","data":{"n":1}}',
        idReplacement: true,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

function pgbench(databaseUrl, clients, duration) {
  const script = path.join(os.tmpdir(), `plugboard-bench-${process.pid}.sql`);
  fs.writeFileSync(
    script,
    `INSERT INTO bench_inserts (k, payload) VALUES (md5(random()::text || clock_timestamp()::text), '{"type":"bench.event","data":{"n":1}}') ON CONFLICT (k) DO NOTHING;\n`,
  );
  const url = new URL(databaseUrl);
  const args = [
    '-n',
    '-c',
    String(clients),
    '-j',
    String(Math.min(clients, 2)),
    '-T',
    String(duration),
    '-f',
    script,
  ];
  args.push(
    '-h',
    url.hostname,
    '-p',
    url.port || '5432',
    '-U',
    url.username || 'postgres',
    url.pathname.slice(1),
  );
  const run = spawnSync('pgbench', args, { encoding: 'utf8' });
  const match = /tps = ([\d.]+)/.exec(run.stdout);
  if (!match) throw new Error(`pgbench failed: ${run.stderr}`);
  const latency = /latency average = ([\d.]+) ms/.exec(run.stdout);
  return { tps: Number(match[1]), latencyAverageMs: latency ? Number(latency[1]) : null };
}

async function acceptBenchmark(database) {
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  // the same shape of work as a durable accept: one row, a unique key, a jsonb payload
  await db.query(
    `CREATE TABLE bench_inserts (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), k text NOT NULL UNIQUE,
      payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  );
  await db.end();
  // accept only: Redis producer, no consumer in this process (PROCESS_ROLE=api)
  const { child, baseUrl } = await startPlugboard({
    DATABASE_URL: database.url,
    ADMIN_API_KEY: adminKey,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `bench-${randomUUID().slice(0, 8)}`,
    PROCESS_ROLE: 'api',
    ALLOW_PRIVATE_UPSTREAMS: 'true',
  });
  const rows = [];
  try {
    const integration = await seedIntegration(baseUrl, 'http://127.0.0.1:9/unused');
    const url = `${baseUrl}/ingress/bench/${integration.instanceId}/events`;
    await load(url, 8, 3); // warm-up
    for (const connections of levels) {
      const result = await load(url, connections, seconds);
      const accepted = result['2xx'];
      const bench = pgbench(database.url, connections, seconds);
      rows.push({
        concurrency: connections,
        acceptsPerSecond: Math.round(accepted / result.duration),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors,
        pgbenchTps: Math.round(bench.tps),
        ratio: Number((accepted / result.duration / bench.tps).toFixed(2)),
      });
      console.log(rows[rows.length - 1]);
    }
  } finally {
    await stop(child);
  }
  return rows;
}

async function endToEndBenchmark(database) {
  const seen = new Set();
  let posts = 0;
  const receiver = createServer((request, response) => {
    posts++;
    seen.add(request.headers['webhook-id']);
    request.resume();
    request.on('end', () => response.writeHead(204).end());
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { child, baseUrl } = await startPlugboard({
    DATABASE_URL: database.url,
    ADMIN_API_KEY: adminKey,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `bench-${randomUUID().slice(0, 8)}`,
    ALLOW_PRIVATE_UPSTREAMS: 'true',
  });
  try {
    const integration = await seedIntegration(baseUrl, `http://127.0.0.1:${receiver.address().port}/hooks`);
    const started = Date.now();
    const result = await load(
      `${baseUrl}/ingress/bench/${integration.instanceId}/events`,
      8,
      endToEndSeconds,
    );
    const loadEnded = Date.now();
    const deliveredAtLoadEnd = seen.size;
    // every stored delivery counts, including requests still in flight when autocannon stopped counting
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const stored = async () =>
      Number(
        (await db.query('SELECT count(*) AS n FROM deliveries WHERE integration_id = $1', [integration.id]))
          .rows[0].n,
      );
    let accepted = await stored();
    while (seen.size < accepted && Date.now() - loadEnded < 300_000) {
      await sleep(200);
      accepted = await stored();
    }
    await db.end();
    const drained = Date.now();
    return {
      concurrency: 8,
      loadSeconds: endToEndSeconds,
      accepted,
      acceptsPerSecond: Math.round(result['2xx'] / result.duration),
      acceptP99Ms: result.latency.p99,
      deliveredDuringLoad: deliveredAtLoadEnd,
      delivered: seen.size,
      receiverPosts: posts,
      duplicatePosts: posts - seen.size,
      drainSecondsAfterLoad: Number(((drained - loadEnded) / 1000).toFixed(1)),
      deliveredPerSecondEndToEnd: Math.round(seen.size / ((drained - started) / 1000)),
    };
  } finally {
    await stop(child);
    receiver.close();
  }
}

const loadAtStart = os.loadavg().map((value) => Number(value.toFixed(2)));
const database = await createDatabase();
try {
  const accept = await acceptBenchmark(database);
  const endToEnd = await endToEndBenchmark(database);
  const at32 = accept.find((row) => row.concurrency === 32);
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    // the benchmark machine is shared: a load average above the CPU count means noisy numbers
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: os.loadavg().map((value) => Number(value.toFixed(2))),
    secondsPerLevel: seconds,
    accept,
    endToEnd,
    target: { ratioAt32: 0.7, met: at32 ? at32.ratio >= 0.7 : null },
  };
  fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  const stamp = report.date.slice(0, 16).replace(/[:T]/g, '-');
  fs.writeFileSync(
    path.join(root, `bench/results/ingress-accept-${stamp}.json`),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  console.log(JSON.stringify(report, null, 2));
} finally {
  await dropDatabase(database.name);
}
