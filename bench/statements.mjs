// Where PostgreSQL's time goes per accepted webhook: plugboard under the ingress benchmark's load
// (one integration, scheme none, a receiver taking every delivery) for N seconds, with
// pg_stat_statements reset after a warm-up; prints each statement's calls, execution and planning
// time, plans made, rows, and time per accepted webhook, largest first. Statements run inside a
// function are listed under their own text as well as in the function's call (track = all).
//
// Usage: node bench/statements.mjs [--concurrency 32] [--seconds 10] [--redis] [--root <checkout>]
// Needs pg_stat_statements loaded by the server under test (a restart; restore the setting after):
//   shared_preload_libraries = 'pg_stat_statements'
//   pg_stat_statements.track = all
//   pg_stat_statements.track_planning = on
// Not part of `npm run bench`: a diagnostic, not a figure (docs/decisions.md cites what it found).
import pg from 'pg';
import { benchDatabase, option, REDIS_URL, SERVER_URL, sleep, startBuiltApp } from './lib.mjs';
import { autocannonLoad } from './support/load.mjs';
import { createOrg, ingressRequest, seedIntegration } from './support/seed.mjs';
import { startReceiver } from './support/servers.mjs';

const CONCURRENCY = Number(option('concurrency', 32));
const SECONDS = Number(option('seconds', 10));
const WITH_REDIS = process.argv.includes('--redis');

async function requireStatementStats(admin) {
  const { rows } = await admin.query(`SELECT current_setting('shared_preload_libraries') AS preload`);
  if (!rows[0].preload.includes('pg_stat_statements')) {
    throw new Error(
      'statements: pg_stat_statements is not loaded by the server (set shared_preload_libraries and restart; see the header)',
    );
  }
  await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
}

async function main() {
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
    const integration = await seedIntegration(app.baseUrl, org, {
      scheme: 'none',
      deliveryUrl: `${receiver.url}/hooks`,
    });
    const load = (seconds) =>
      autocannonLoad({
        url: integration.url,
        method: 'POST',
        request: () => ingressRequest(integration),
        connections: CONCURRENCY,
        seconds,
      });
    await load(3);
    await sleep(2000);
    await admin.query('SELECT pg_stat_statements_reset()');
    const result = await load(SECONDS);
    // the dispatcher finishes what the load left in flight; its statements count too
    await sleep(3000);
    const { rows } = await admin.query(
      `SELECT calls, total_exec_time AS exec_ms, total_plan_time AS plan_ms, plans, rows,
              left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS statement
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = $1
        ORDER BY total_exec_time + total_plan_time DESC LIMIT 15`,
      [db.name],
    );
    const accepted = result.rps * SECONDS;
    console.log(
      `c=${CONCURRENCY}${WITH_REDIS ? ', Redis' : ''}: ${result.rps} accepts/s over ${SECONDS} s, p99 ${result.p99} ms`,
    );
    console.log('calls | exec ms | plan ms | plans | rows | µs per webhook | statement');
    for (const row of rows) {
      const perWebhook = ((row.exec_ms + row.plan_ms) / accepted) * 1000;
      console.log(
        [
          row.calls,
          row.exec_ms.toFixed(1),
          row.plan_ms.toFixed(1),
          row.plans,
          row.rows,
          perWebhook.toFixed(1),
        ]
          .map(String)
          .join(' | ') + ` | ${row.statement}`,
      );
    }
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
