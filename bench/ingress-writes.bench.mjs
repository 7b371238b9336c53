// What one accepted and delivered webhook costs PostgreSQL, next to pgbench's single-row INSERT: the
// ingress ratio's "why". Two parts, in one run on one database:
//   1. plugboard (default mode, no Redis) under the ingress benchmark's load (scheme none, c=32) while
//      it delivers to a receiver; after the drain, the tuples written per accept (pg_stat_user_tables:
//      inserts, updates and how many of those were HOT) and the commits per accept
//      (pg_stat_database), with the indexes each non-HOT write maintains.
//   2. The accept's own INSERT statement, one row per call, under pgbench at c=1: with the simple
//      protocol (parsed and planned per call, as `dataSource.query` does) and as a prepared statement
//      (as plugboard sends it), next to the ingress benchmark's pgbench INSERT, in interleaved rounds.
//
// Usage: node bench/ingress-writes.bench.mjs [--quick] [--root <checkout>] [--seconds 8]
// Needs the build under test, PostgreSQL at BENCH_DATABASE_SERVER and pgbench.
import pg from 'pg';
import {
  benchDatabase,
  environmentLine,
  loadAverage,
  machine,
  option,
  QUICK,
  sleep,
  startBuiltApp,
  versions,
  writeBenchResult,
} from './lib.mjs';
import { autocannonLoad, pgbench } from './support/load.mjs';
import { createOrg, ingressRequest, seedIntegration } from './support/seed.mjs';
import { BASELINE_TABLE, baselineInsertSql } from './support/insert-baseline.mjs';
import { startReceiver } from './support/servers.mjs';

const SECONDS = Number(option('seconds', QUICK ? 3 : 8));
const PGBENCH_SECONDS = QUICK ? 2 : 4;
const ROUNDS = QUICK ? 1 : 5;

const BASELINE_SQL = baselineInsertSql('{"type":"bench.event"}');

/**
 * DeliveriesRepository's insertBatch for one row, its parameters written out (pgbench has none): the
 * row stored already leased to the accepting process's dispatcher, as it is when that has a free slot.
 */
function acceptInsertSql(orgId, integrationId) {
  const text = (value) => `ARRAY['${value}']::text[]`;
  return `WITH stored AS (
    INSERT INTO deliveries (organization_id, integration_id, plugin_id, instance_id, route,
      provider_delivery_id, payload, event_type, target_url, body_sha256, pull, status, lease_token, lease_until, attempts)
    SELECT v.organization_id, v.integration_id, v.plugin_id, v.instance_id, v.route, v.provider_delivery_id,
           p.payload, v.event_type, v.target_url, v.body_sha256, m.pull,
           CASE WHEN l.leased THEN 'QUEUED' ELSE 'RECEIVED' END, CASE WHEN l.leased THEN gen_random_uuid() END,
           CASE WHEN l.leased THEN now() + 25000 * interval '1 millisecond' END,
           CASE WHEN l.leased AND i.status = ANY(ARRAY['ENABLED']::text[]) THEN 1 ELSE 0 END
      FROM unnest(ARRAY['${orgId}']::uuid[], ARRAY['${integrationId}']::uuid[], ${text('bench')}, ${text('writes')},
                  ${text('events')}, ARRAY[md5(random()::text || clock_timestamp()::text)], ${text('ingress.delivery')},
                  ARRAY[NULL]::text[], ARRAY[NULL]::text[])
           WITH ORDINALITY AS v(organization_id, integration_id, plugin_id, instance_id, route, provider_delivery_id,
                                event_type, target_url, body_sha256, n)
      JOIN jsonb_array_elements('[{"type":"bench.event"}]'::jsonb) WITH ORDINALITY AS p(payload, n) USING (n)
      JOIN integrations i ON i.id = v.integration_id
      CROSS JOIN LATERAL (SELECT i.delivery_mode = 'pull' AND v.target_url IS NULL AS pull) m
      CROSS JOIN LATERAL (SELECT v.n <= 1 AND NOT m.pull AS leased) l
    ON CONFLICT DO NOTHING RETURNING *)
  SELECT s.id, s.lease_token IS NOT NULL AS leased, s.payload::text, i.status, i.delivery_url, i.delivery_secret_encrypted
    FROM stored s LEFT JOIN integrations i ON i.id = s.integration_id AND s.lease_token IS NOT NULL;`.replace(
    /\s+/g,
    ' ',
  );
}

async function tableWrites(sql) {
  const { rows } = await sql.query(
    `SELECT relname AS table, n_tup_ins::int AS inserted, n_tup_upd::int AS updated, n_tup_hot_upd::int AS hot,
            (SELECT count(*)::int FROM pg_index x WHERE x.indrelid = t.relid) AS indexes,
            (SELECT count(*)::int FROM pg_index x WHERE x.indrelid = t.relid AND x.indpred IS NOT NULL) AS partial
       FROM pg_stat_user_tables t WHERE relname IN ('deliveries', 'delivery_attempts') ORDER BY relname`,
  );
  return rows;
}

async function commits(sql) {
  const { rows } = await sql.query(
    `SELECT xact_commit::bigint AS n FROM pg_stat_database WHERE datname = current_database()`,
  );
  return Number(rows[0].n);
}

async function main() {
  const startedAt = machine();
  const loadBefore = loadAverage();
  const db = await benchDatabase('ingress_writes');
  const receiver = await startReceiver();
  const app = await startBuiltApp({ DATABASE_URL: db.url });
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  let result;
  try {
    const org = await createOrg(app.baseUrl);
    const integration = await seedIntegration(app.baseUrl, org, {
      scheme: 'none',
      deliveryUrl: receiver.url,
    });
    // warm-up, then counters from zero
    await autocannonLoad({
      url: integration.url,
      method: 'POST',
      request: () => ingressRequest(integration),
      connections: 32,
      seconds: 1,
    });
    await sleep(2000);
    await sql.query('SELECT pg_stat_reset()');
    await sleep(1000);
    const commitsBefore = await commits(sql);
    const load = await autocannonLoad({
      url: integration.url,
      method: 'POST',
      request: () => ingressRequest(integration),
      connections: 32,
      seconds: SECONDS,
    });
    let undelivered = -1;
    for (let waited = 0; waited < 120 && undelivered !== 0; waited++) {
      await sleep(500);
      const { rows } = await sql.query(
        `SELECT count(*)::int AS n FROM deliveries WHERE status <> 'DELIVERED' AND integration_id = $1`,
        [integration.id],
      );
      undelivered = rows[0].n;
    }
    // the statistics collector reports about once a second
    await sleep(1500);
    const writes = await tableWrites(sql);
    const committed = (await commits(sql)) - commitsBefore;

    const { rows: target } = await sql.query(`SELECT organization_id, id FROM integrations WHERE id = $1`, [
      integration.id,
    ]);
    const statement = acceptInsertSql(target[0].organization_id, target[0].id);
    await sql.query(BASELINE_TABLE);
    const run = (script, protocol) =>
      pgbench({ databaseUrl: db.url, sql: script, clients: 1, seconds: PGBENCH_SECONDS, protocol });
    // interleaved rounds, medians: one run of a few seconds at c=1 moves by a third on this machine
    const rounds = { baseline: [], simple: [], prepared: [] };
    for (let round = 0; round < ROUNDS; round++) {
      rounds.baseline.push(await run(BASELINE_SQL, 'simple'));
      rounds.simple.push(await run(statement, 'simple'));
      rounds.prepared.push(await run(statement, 'prepared'));
    }
    const middle = (runs) =>
      [...runs].sort((a, b) => a.latencyAverageMs - b.latencyAverageMs)[Math.floor(runs.length / 2)];
    const baseline = middle(rounds.baseline);
    const simple = middle(rounds.simple);
    const prepared = middle(rounds.prepared);

    const accepted = load.ok;
    const perAccept = (value) => Math.round((value / accepted) * 100) / 100;
    const deliveries = writes.find((row) => row.table === 'deliveries');
    const attempts = writes.find((row) => row.table === 'delivery_attempts');
    result = {
      machine: startedAt,
      loadAverage: { before: loadBefore, after: loadAverage() },
      generator: 'autocannon (c=32, scheme none, default mode) and pgbench (c=1)',
      versions: await versions(['autocannon', 'pgbench']),
      load,
      undeliveredAfterDrain: undelivered,
      writes,
      commits: committed,
      pgbench: { baseline, simple, prepared },
      pgbenchRounds: ROUNDS,
      pgbenchAllRounds: rounds,
      figures: [
        {
          figure: 'tuples written per accepted and delivered webhook (deliveries + delivery_attempts)',
          value: perAccept(deliveries.inserted + deliveries.updated + attempts.inserted),
          unit: '',
          baseline: 1,
          baselineLabel: 'pgbench single-row INSERT: 1 tuple',
        },
        {
          figure:
            'non-HOT updates of a delivery per accept (each adds an entry to every index whose predicate the row matches)',
          value: perAccept(deliveries.updated - deliveries.hot),
          unit: '',
          baseline: deliveries.indexes,
          baselineUnit: `indexes on deliveries, ${deliveries.partial} of them partial`,
          baselineLabel: 'the pgbench table has 2 and is never updated',
        },
        {
          figure: 'commits per accepted and delivered webhook, c=32',
          value: perAccept(committed),
          unit: '',
          baseline: 1,
          baselineLabel: 'pgbench: 1 per INSERT',
        },
        {
          figure: "the accept's INSERT, one row, c=1, simple protocol (planned per call)",
          value: simple.latencyAverageMs,
          unit: 'ms',
          baseline: baseline.latencyAverageMs,
          baselineUnit: 'ms',
          baselineLabel: 'pgbench single-row INSERT, same run',
        },
        {
          figure: "the accept's INSERT, one row, c=1, prepared (as plugboard sends it)",
          value: prepared.latencyAverageMs,
          unit: 'ms',
          baseline: baseline.latencyAverageMs,
          baselineUnit: 'ms',
          baselineLabel: 'pgbench single-row INSERT, same run',
        },
      ],
    };
  } finally {
    await sql.end();
    await app.close();
    await receiver.close?.();
    await db.drop();
  }
  writeBenchResult('ingress-writes', result, markdownOf(result));
  for (const figure of result.figures) console.log(`${figure.figure}: ${figure.value} ${figure.unit}`);
}

function markdownOf(result) {
  const lines = [
    '# What an accepted webhook writes',
    '',
    environmentLine(result),
    '',
    `Load: ${result.load.ok} accepts at c=32 in ${result.load.seconds} s (${result.load.rps}/s, p99 ${result.load.p99} ms),`,
    `every one POSTed to a receiver during or after the load (not delivered after the drain: ${result.undeliveredAfterDrain}).`,
    `Commits in the window: ${result.commits}.`,
    '',
    '| table | inserted | updated | of which HOT | indexes (partial) |',
    '|---|---|---|---|---|',
    ...result.writes.map(
      (row) =>
        `| ${row.table} | ${row.inserted} | ${row.updated} | ${row.hot} | ${row.indexes} (${row.partial}) |`,
    ),
    '',
    `pgbench, c=1, one row per call, same database, same minute; the median of ${result.pgbenchRounds} interleaved rounds:`,
    '',
    '| statement | protocol | latency average ms | tps |',
    '|---|---|---|---|',
    `| ingress benchmark baseline (bench_inserts) | simple | ${result.pgbench.baseline.latencyAverageMs} | ${result.pgbench.baseline.tps} |`,
    `| the accept's INSERT | simple | ${result.pgbench.simple.latencyAverageMs} | ${result.pgbench.simple.tps} |`,
    `| the accept's INSERT | prepared | ${result.pgbench.prepared.latencyAverageMs} | ${result.pgbench.prepared.tps} |`,
    '',
    '| figure | value | same-run baseline |',
    '|---|---|---|',
    ...result.figures.map(
      (f) =>
        `| ${f.figure} | ${f.value} ${f.unit} | ${f.baseline} ${f.baselineUnit ?? ''} (${f.baselineLabel}) |`,
    ),
    '',
  ];
  return lines.join('\n');
}

await main();
