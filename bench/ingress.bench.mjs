// Ingress: durable accepts/s and latency at concurrency 1 / 8 / 32 for the schemes `none` and
// `standard-webhooks` (every request a new delivery, signed as its provider would), next to pgbench
// single-row INSERTs of the same shape (uuid primary key, unique text key, jsonb payload, ON CONFLICT
// DO NOTHING) at the same concurrency in the same run, in two modes:
//   - default: no REDIS_URL, PROCESS_ROLE default (what a new user runs);
//   - redis:   REDIS_URL and a unique QUEUE_PREFIX, PROCESS_ROLE default (the process also consumes).
// In both modes plugboard delivers everything to a receiver (a separate node process on loopback
// answering 204 and counting distinct webhook-ids) while the load runs. After each load the benchmark
// waits (bounded) until every stored delivery was POSTed, and reports the drain time, duplicate POSTs,
// deliveries stored but not delivered, and 2xx answers without a stored row (must be 0).
//
// Usage: node bench/ingress.bench.mjs [--quick] [--root <checkout>] [--seconds 10]
//          [--modes default,redis] [--drain-limit 180]
// Needs the build under test, PostgreSQL at BENCH_DATABASE_SERVER, pgbench, Redis at BENCH_REDIS_URL.
import pg from 'pg';
import {
  benchDatabase,
  environmentLine,
  loadAverage,
  machine,
  option,
  QUICK,
  REDIS_URL,
  sleep,
  startBuiltApp,
  versions,
  writeBenchResult,
} from './lib.mjs';
import { autocannonLoad, pgbench } from './support/load.mjs';
import { createOrg, ingressRequest, seedIntegration } from './support/seed.mjs';
import { redisServerPid, startCpuSplit } from './support/cpu-split.mjs';
import { BASELINE_TABLE, baselineInsertSql } from './support/insert-baseline.mjs';
import { startReceiver } from './support/servers.mjs';

const SECONDS = Number(option('seconds', QUICK ? 2 : 10));
const WARMUP_SECONDS = QUICK ? 1 : 3;
const DRAIN_LIMIT_SECONDS = Number(option('drain-limit', QUICK ? 60 : 180));
const LEVELS = [1, 8, 32];
const SCHEMES = ['none', 'standard-webhooks'];
const MODES = option('modes', 'default,redis').split(',');

const SAMPLE_PAYLOAD =
  '{"type":"bench.event","id":"msg_0000000_abcdefgh_1","data":{"n":1,"text":"benchmark payload"}}';
const PGBENCH_SQL = baselineInsertSql(SAMPLE_PAYLOAD);

async function redisUp() {
  const net = await import('node:net');
  const { hostname, port } = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port || 6379), hostname);
    const done = (up) => (socket.destroy(), resolve(up));
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => done(chunk.toString().startsWith('+PONG')));
  });
}

/** Rows stored in `deliveries`, by status. */
async function storedDeliveries(sql) {
  const { rows } = await sql.query('SELECT status, count(*)::int AS n FROM deliveries GROUP BY status');
  const byStatus = Object.fromEntries(rows.map((row) => [row.status, row.n]));
  return { total: rows.reduce((sum, row) => sum + row.n, 0), byStatus };
}

/**
 * Waits until the receiver has seen as many distinct webhook-ids as there are stored deliveries
 * (twice in a row, so a late insert of the last in-flight request is counted), at most the limit.
 */
async function drain(sql, receiver, loadEnded) {
  let settled = 0;
  let stored;
  let seen;
  while (true) {
    stored = await storedDeliveries(sql);
    seen = await receiver.stats();
    settled = seen.unique >= stored.total ? settled + 1 : 0;
    if (settled >= 2 || Date.now() - loadEnded > DRAIN_LIMIT_SECONDS * 1000) break;
    await sleep(200);
  }
  return {
    drainSeconds: Math.round((Date.now() - loadEnded) / 100) / 10,
    stored,
    seen,
    drained: seen.unique >= stored.total,
  };
}

async function runMode(mode) {
  const db = await benchDatabase(`ingress_${mode}`);
  const sql = new pg.Pool({ connectionString: db.url, max: 2 });
  await sql.query(BASELINE_TABLE);
  const receiver = await startReceiver();
  const env = { DATABASE_URL: db.url };
  if (mode === 'redis')
    Object.assign(env, { REDIS_URL, QUEUE_PREFIX: `bench-ingress-${process.pid}-${Date.now()}` });
  // diagnostic only (--modes accept-only): an API process that accepts and delivers nothing, to
  // tell the accept's own cost from the delivery work sharing the same cores
  const acceptOnly = mode === 'accept-only';
  if (acceptOnly) env.PROCESS_ROLE = 'api';
  const settle = (loadEnded) =>
    acceptOnly
      ? storedDeliveries(sql).then((stored) => ({
          drainSeconds: 0,
          stored,
          seen: { unique: stored.total, posts: stored.total },
          drained: true,
        }))
      : drain(sql, receiver, loadEnded);
  const app = await startBuiltApp(env);
  const rows = [];
  const pgbenchRows = [];
  try {
    const org = await createOrg(app.baseUrl, `bench-ingress-${mode}`);
    const integrations = {};
    for (const scheme of SCHEMES) {
      integrations[scheme] = await seedIntegration(app.baseUrl, org, {
        scheme,
        deliveryUrl: `${receiver.url}/hooks`,
      });
    }
    const loadOnce = (scheme, connections, seconds) =>
      autocannonLoad({
        url: integrations[scheme].url,
        method: 'POST',
        request: () => ingressRequest(integrations[scheme]),
        connections,
        seconds,
      });
    for (const scheme of SCHEMES) {
      await loadOnce(scheme, 8, WARMUP_SECONDS);
      await settle(Date.now());
    }

    for (const connections of LEVELS) {
      const engineCpu = startCpuSplit({});
      const engine = await pgbench({
        databaseUrl: db.url,
        sql: PGBENCH_SQL,
        clients: connections,
        seconds: SECONDS,
      });
      engine.cores = engineCpu.stop();
      console.log(`${mode} pgbench c=${connections}: ${JSON.stringify(engine)}`);
      pgbenchRows.push(engine);
      for (const scheme of SCHEMES) {
        const before = { stored: (await storedDeliveries(sql)).total, seen: await receiver.stats() };
        const redis = mode === 'redis' ? redisServerPid() : undefined;
        const cpu = startCpuSplit({
          plugboard: app.child.pid,
          receiver: receiver.child.pid,
          ...(redis ? { redis } : {}),
        });
        const load = await loadOnce(scheme, connections, SECONDS);
        const cores = cpu.stop();
        const loadEnded = Date.now();
        const atLoadEnd = await receiver.stats();
        const after = await settle(loadEnded);
        const storedByThisLoad = after.stored.total - before.stored;
        const row = {
          mode,
          scheme,
          connections,
          acceptsPerSecond: load.rps,
          p50: load.p50,
          p99: load.p99,
          max: load.max,
          answers: load.statusCodes,
          errors: load.errors,
          generatorCores: load.generatorCores,
          // cores used during the load: plugboard, PostgreSQL, the receiver, this process (the load
          // generator) and the whole machine
          cores,
          pgbenchTps: engine.tps,
          pgbenchCores: engine.cores,
          ratio: Math.round((load.rps / engine.tps) * 100) / 100,
          stored: storedByThisLoad,
          // never a 2xx for something not stored: must stay 0
          answered2xxNotStored: Math.max(0, load.ok - storedByThisLoad),
          deliveredDuringLoad: atLoadEnd.unique - before.seen.unique,
          drainSeconds: after.drainSeconds,
          duplicatePosts: after.seen.posts - after.seen.unique - (before.seen.posts - before.seen.unique),
          storedNotDelivered: Math.max(0, after.stored.total - after.seen.unique),
          statusesAfterDrain: after.stored.byStatus,
        };
        console.log(`${mode} ${scheme} c=${connections}: ${JSON.stringify(row)}`);
        rows.push(row);
      }
    }
  } finally {
    await app.close();
    await receiver.close();
    await sql.end();
    await db.drop();
  }
  return { rows, pgbench: pgbenchRows };
}

function toMarkdown(result) {
  const lines = [
    `# Ingress accepts${QUICK ? ' (quick)' : ''}`,
    '',
    environmentLine(result),
    '',
    `Each load: ${result.secondsPerLoad} s, closed loop (one request in flight per connection), every request a new delivery`,
    "(`standard-webhooks`: a new `webhook-id`, signed with the integration's `whsec_` secret). pgbench: the same",
    'single-row INSERT shape (uuid pk, unique text key, jsonb payload, ON CONFLICT DO NOTHING), same',
    'concurrency, same database, run just before the loads of its level. Deliveries go to a loopback receiver',
    'during the run; after each load the benchmark waits until every stored delivery was POSTed.',
    '',
    '| mode | scheme | c | accepts/s | pgbench tps | ratio | p50 / p99 / max ms | answers | stored | 2xx not stored | delivered during load | drain s | duplicate POSTs | stored, not delivered | generator cores |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...result.rows.map(
      (row) =>
        `| ${row.mode} | ${row.scheme} | ${row.connections} | ${row.acceptsPerSecond} | ${row.pgbenchTps} | ${row.ratio} | ${row.p50} / ${row.p99} / ${row.max} | ${Object.entries(
          row.answers,
        )
          .map(([code, count]) => `${count}× ${code}`)
          .join(
            ', ',
          )}${row.errors ? `, ${row.errors} errors` : ''} | ${row.stored} | ${row.answered2xxNotStored} | ${row.deliveredDuringLoad} | ${row.drainSeconds} | ${row.duplicatePosts} | ${row.storedNotDelivered} | ${row.generatorCores} |`,
    ),
    '',
    'Where the cores went during each load (2 cores in all): plugboard, every PostgreSQL process, the',
    'Redis server (in the redis mode, when it runs on this machine), the receiver, this process',
    "(autocannon, the load generator) and the whole machine; for pgbench's run of the same level,",
    'PostgreSQL and the whole machine (pgbench itself is the rest).',
    '',
    '| mode | scheme | c | plugboard | PostgreSQL | Redis | receiver | load generator | machine | pgbench run: PostgreSQL / machine |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...result.rows
      .filter((row) => row.cores)
      .map(
        (row) =>
          `| ${row.mode} | ${row.scheme} | ${row.connections} | ${row.cores.plugboard} | ${row.cores.postgres} | ${row.cores.redis ?? '–'} | ${row.cores.receiver} | ${row.cores.this} | ${row.cores.machine} | ${row.pgbenchCores ? `${row.pgbenchCores.postgres} / ${row.pgbenchCores.machine}` : '–'} |`,
      ),
    '',
    '| figure | value | same-run baseline | target | result |',
    '|---|---|---|---|---|',
    ...result.figures.map(
      (f) =>
        `| ${f.figure} | ${f.value} ${f.unit} | ${f.baseline ?? '–'} ${f.baseline === undefined ? '' : (f.baselineUnit ?? f.unit)} ${f.baselineLabel ? `(${f.baselineLabel})` : ''} | ${f.target ?? '–'} | ${f.pass === undefined ? '' : f.pass ? 'pass' : '**fail**'} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

async function main() {
  if (MODES.includes('redis') && !(await redisUp())) {
    throw new Error(`ingress: Redis not reachable at ${REDIS_URL} (set BENCH_REDIS_URL, or --modes default)`);
  }
  const startedAt = machine();
  const loadBefore = loadAverage();
  const rows = [];
  const engines = {};
  for (const mode of MODES) {
    const outcome = await runMode(mode);
    rows.push(...outcome.rows);
    engines[mode] = outcome.pgbench;
  }
  const figures = [];
  for (const mode of MODES) {
    for (const scheme of SCHEMES) {
      const row = rows.find((r) => r.mode === mode && r.scheme === scheme && r.connections === 32);
      figures.push(
        {
          figure: `ingress accepts/s ÷ pgbench tps, c=32, ${mode} mode, ${scheme}`,
          value: row.ratio,
          unit: '×',
          baseline: row.pgbenchTps,
          baselineUnit: 'tps',
          baselineLabel: `pgbench single-row INSERT, same run; plugboard ${row.acceptsPerSecond}/s`,
          target: '≥ 0.70',
          pass: row.ratio >= 0.7,
        },
        {
          figure: `ingress accept p99, c=32, ${mode} mode, ${scheme}`,
          value: row.p99,
          unit: 'ms',
          target: '< 50',
          pass: row.p99 < 50,
        },
      );
    }
    const ofMode = rows.filter((r) => r.mode === mode);
    figures.push(
      {
        figure: `deliveries stored but not POSTed after the drain, ${mode} mode (all loads)`,
        value: Math.max(...ofMode.map((r) => r.storedNotDelivered)),
        unit: '',
        target: '0',
        pass: ofMode.every((r) => r.storedNotDelivered === 0),
      },
      {
        figure: `2xx answers without a stored delivery, ${mode} mode (all loads)`,
        value: ofMode.reduce((sum, r) => sum + r.answered2xxNotStored, 0),
        unit: '',
        target: '0',
        pass: ofMode.every((r) => r.answered2xxNotStored === 0),
      },
      {
        figure: `duplicate delivery POSTs, ${mode} mode (all loads)`,
        value: ofMode.reduce((sum, r) => sum + r.duplicatePosts, 0),
        unit: '',
        target: '0',
        pass: ofMode.every((r) => r.duplicatePosts === 0),
      },
      {
        figure: `longest drain after a load, ${mode} mode`,
        value: Math.max(...ofMode.map((r) => r.drainSeconds)),
        unit: 's',
      },
    );
  }
  const result = {
    benchmark: 'ingress',
    machine: startedAt,
    loadAverage: { before: loadBefore, after: loadAverage() },
    generator: 'autocannon (in the benchmark process; per-request bodies and signatures) and pgbench',
    versions: await versions(['autocannon', 'pgbench', 'redis']),
    secondsPerLoad: SECONDS,
    drainLimitSeconds: DRAIN_LIMIT_SECONDS,
    modes: MODES,
    rows,
    pgbench: engines,
    figures,
  };
  const markdown = toMarkdown(result);
  writeBenchResult('ingress', result, markdown);
  process.stdout.write(markdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
