// Where PostgreSQL's time goes per unit of work on a hot path, by statement: plugboard under load for
// N seconds, with pg_stat_statements reset after a warm-up; prints each statement's calls, execution
// and planning time, plans made, rows, and time per unit, largest first. Statements run inside a
// function are listed under their own text as well as in the function's call (track = all).
//   --path ingress (default): the ingress benchmark's load (one integration, scheme none, a receiver
//     taking every delivery); the unit is an accepted webhook.
//   --path claims: the sweep benchmark's claims (HTTP answers to live interactions, closed loop, each
//     answer delivered to a receiver), no sweep; the unit is a claim.
//
// Usage: node bench/statements.mjs [--path ingress|claims] [--concurrency 32 (claims: 8)]
//          [--seconds 10] [--redis] [--root <checkout>]
// Needs pg_stat_statements loaded by the server under test (a restart; restore the setting after):
//   shared_preload_libraries = 'pg_stat_statements'
//   pg_stat_statements.track = all
//   pg_stat_statements.track_planning = on
// Not part of `npm run bench`: a diagnostic, not a figure (docs/decisions.md and bench/RESULTS.md
// cite what it found).
import pg from 'pg';
import { benchDatabase, option, REDIS_URL, SERVER_URL, sleep, startBuiltApp } from './lib.mjs';
import { autocannonLoad, closedLoop } from './support/load.mjs';
import {
  claimInteraction,
  createOrg,
  ingressRequest,
  seedIntegration,
  seedInteractions,
} from './support/seed.mjs';
import { startReceiver } from './support/servers.mjs';

const PATH = option('path', 'ingress');
const CONCURRENCY = Number(option('concurrency', PATH === 'claims' ? 8 : 32));
const SECONDS = Number(option('seconds', 10));
const WITH_REDIS = process.argv.includes('--redis');
// enough live interactions for the warm-up and the measured seconds at a few thousand claims/s
const CLAIMABLE = 200_000;

async function requireStatementStats(admin) {
  const { rows } = await admin.query(`SELECT current_setting('shared_preload_libraries') AS preload`);
  if (!rows[0].preload.includes('pg_stat_statements')) {
    throw new Error(
      'statements: pg_stat_statements is not loaded by the server (set shared_preload_libraries and restart; see the header)',
    );
  }
  await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
}

/** Accepted webhooks, as the ingress benchmark sends them; `run(seconds)` → { units, summary }. */
async function ingressWorkload(app, org, deliveryUrl) {
  const integration = await seedIntegration(app.baseUrl, org, { scheme: 'none', deliveryUrl });
  return {
    unit: 'webhook',
    run: async (seconds) => {
      const result = await autocannonLoad({
        url: integration.url,
        method: 'POST',
        request: () => ingressRequest(integration),
        connections: CONCURRENCY,
        seconds,
      });
      return {
        units: result.rps * seconds,
        summary: `${result.rps} accepts/s over ${seconds} s, p99 ${result.p99} ms`,
      };
    },
  };
}

/** Claims of live interactions, as the sweep benchmark sends them (without the sweep). */
async function claimsWorkload(app, org, deliveryUrl, databaseUrl) {
  const integration = await seedIntegration(app.baseUrl, org, { scheme: 'none', deliveryUrl });
  await seedInteractions(databaseUrl, org.orgId, { integrationId: integration.id, count: CLAIMABLE });
  // settled as the sweep benchmark leaves its table (vacuumed, pages written out) before it claims
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('VACUUM (ANALYZE) pending_interactions');
  await client.query('CHECKPOINT');
  await client.end();
  let next = 1;
  return {
    unit: 'claim',
    run: async (seconds) => {
      const end = Date.now() + seconds * 1000;
      const { samples, statusCodes } = await closedLoop({
        concurrency: CONCURRENCY,
        keepGoing: () => Date.now() < end,
        call: () => claimInteraction(app.baseUrl, org, `live-${next++}`),
      });
      if (Object.keys(statusCodes).some((code) => code !== '200')) {
        throw new Error(`claims answered ${JSON.stringify(statusCodes)}`);
      }
      if (next > CLAIMABLE) throw new Error('statements: ran out of live interactions to claim');
      const sorted = samples.sort((a, b) => a - b);
      const p99 = sorted[Math.floor(sorted.length * 0.99)].toFixed(1);
      return {
        units: samples.length,
        summary: `${Math.round(samples.length / seconds)} claims/s over ${seconds} s, p99 ${p99} ms`,
      };
    },
  };
}

async function statementsOf(admin, database) {
  const { rows } = await admin.query(
    `SELECT calls, total_exec_time AS exec_ms, total_plan_time AS plan_ms, plans, rows,
            left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS statement
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = $1
      ORDER BY total_exec_time + total_plan_time DESC LIMIT 15`,
    [database],
  );
  return rows;
}

function print(rows, workload, measured) {
  console.log(`${PATH}, c=${CONCURRENCY}${WITH_REDIS ? ', Redis' : ''}: ${measured.summary}`);
  console.log(`calls | exec ms | plan ms | plans | rows | µs per ${workload.unit} | statement`);
  for (const row of rows) {
    const perUnit = ((row.exec_ms + row.plan_ms) / measured.units) * 1000;
    const cells = [row.calls, row.exec_ms.toFixed(1), row.plan_ms.toFixed(1), row.plans, row.rows];
    console.log([...cells, perUnit.toFixed(1)].map(String).join(' | ') + ` | ${row.statement}`);
  }
}

async function main() {
  if (!['ingress', 'claims'].includes(PATH)) throw new Error(`statements: unknown --path ${PATH}`);
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await requireStatementStats(admin);
  const db = await benchDatabase('statements');
  const receiver = await startReceiver();
  const app = await startBuiltApp({
    DATABASE_URL: db.url,
    ...(WITH_REDIS ? { REDIS_URL, QUEUE_PREFIX: `bench-statements-${process.pid}-${Date.now()}` } : {}),
  });
  try {
    const org = await createOrg(app.baseUrl, 'bench-statements');
    const deliveryUrl = `${receiver.url}/hooks`;
    const workload =
      PATH === 'claims'
        ? await claimsWorkload(app, org, deliveryUrl, db.url)
        : await ingressWorkload(app, org, deliveryUrl);
    await workload.run(3);
    await sleep(2000);
    await admin.query('SELECT pg_stat_statements_reset()');
    const measured = await workload.run(SECONDS);
    // the dispatcher finishes what the load left in flight; its statements count too
    await sleep(3000);
    print(await statementsOf(admin, db.name), workload, measured);
  } finally {
    await app.close();
    await receiver.close();
    await db.drop();
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
