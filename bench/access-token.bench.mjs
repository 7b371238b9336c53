// Access-token burst: 3 plugboard processes on one database (no Redis), one connection holding a
// valid, long-lived imported token; bursts of 1,000 concurrent `POST …/connections/:id/access-token`
// calls with an org API key, spread round-robin over the three processes. The baseline is the same
// burst on `GET /health/live` (no auth, no database), in the same run: what HTTP alone costs the
// three processes at that concurrency. Bursts alternate between the two kinds; each kind's p50/p99/max
// is the median over the bursts.
//
// Usage: node bench/access-token.bench.mjs [--quick] [--root <checkout>] [--bursts 7] [--callers 1000]
// Needs the build under test and PostgreSQL at BENCH_DATABASE_SERVER.
import {
  benchDatabase,
  environmentLine,
  histogram,
  loadAverage,
  machine,
  median,
  option,
  QUICK,
  sleep,
  startBuiltApp,
  versions,
  writeBenchResult,
} from './lib.mjs';
import { burst } from './support/load.mjs';
import { createOrg, seedConnection } from './support/seed.mjs';

const PROCESSES = 3;
const CALLERS = Number(option('callers', 1000));
const BURSTS = Number(option('bursts', QUICK ? 3 : 7));
const PAUSE_MS = 1000;

async function main() {
  const startedAt = machine();
  const loadBefore = loadAverage();
  const db = await benchDatabase('access_token');
  const apps = [];
  try {
    for (let index = 0; index < PROCESSES; index++) apps.push(await startBuiltApp({ DATABASE_URL: db.url }));
    const org = await createOrg(apps[0].baseUrl, 'bench-access-token');
    const connection = await seedConnection(apps[0].baseUrl, org);
    const kinds = {
      'access-token': {
        urls: apps.map(
          (app) => `${app.baseUrl}/v1/orgs/${org.orgId}/connections/${connection.id}/access-token`,
        ),
        init: { method: 'POST', headers: { authorization: `Bearer ${org.key}` } },
      },
      'health/live': {
        urls: apps.map((app) => `${app.baseUrl}/health/live`),
        init: { method: 'GET' },
      },
    };
    // one burst of each opens the connections the measured bursts reuse (keep-alive)
    for (const kind of Object.values(kinds)) await burst(kind.urls, CALLERS, kind.init);
    const bursts = { 'access-token': [], 'health/live': [] };
    for (let round = 0; round < BURSTS; round++) {
      const order = round % 2 ? ['health/live', 'access-token'] : ['access-token', 'health/live'];
      for (const name of order) {
        await sleep(PAUSE_MS);
        const outcome = await burst(kinds[name].urls, CALLERS, kinds[name].init);
        console.log(`${name} burst ${round + 1}: ${JSON.stringify({ ...outcome, samples: undefined })}`);
        bursts[name].push(outcome);
      }
    }
    const summary = Object.fromEntries(
      Object.entries(bursts).map(([name, list]) => [
        name,
        {
          p50: median(list.map((b) => b.p50)),
          p99: median(list.map((b) => b.p99)),
          max: median(list.map((b) => b.max)),
          statusCodes: list.reduce((all, b) => {
            for (const [code, count] of Object.entries(b.statusCodes)) all[code] = (all[code] ?? 0) + count;
            return all;
          }, {}),
        },
      ]),
    );
    const token = summary['access-token'];
    const health = summary['health/live'];
    const ratio = Math.round((token.p99 / health.p99) * 100) / 100;
    const allOk = Object.keys(token.statusCodes).every((code) => code === '200');
    const result = {
      benchmark: 'access-token',
      machine: startedAt,
      loadAverage: { before: loadBefore, after: loadAverage() },
      generator: `fetch (undici) in the benchmark process: ${CALLERS} requests started at once per burst`,
      versions: await versions([]),
      processes: PROCESSES,
      callers: CALLERS,
      bursts: BURSTS,
      summary,
      perBurst: Object.fromEntries(
        Object.entries(bursts).map(([name, list]) => [name, list.map((b) => ({ ...b, samples: undefined }))]),
      ),
      figures: [
        {
          figure: `access-token burst p99 ÷ health/live burst p99 (${CALLERS} calls, ${PROCESSES} processes, median of ${BURSTS})`,
          value: ratio,
          unit: '×',
          target: '≤ 2',
          pass: ratio <= 2 && allOk,
        },
        {
          figure: `access-token burst p99 (${CALLERS} calls, ${PROCESSES} processes)`,
          value: Math.round(token.p99),
          unit: 'ms',
          baseline: Math.round(health.p99),
          baselineLabel: 'same burst on GET /health/live',
        },
        {
          figure: `access-token burst p50 (${CALLERS} calls, ${PROCESSES} processes)`,
          value: Math.round(token.p50),
          unit: 'ms',
          baseline: Math.round(health.p50),
          baselineLabel: 'same burst on GET /health/live',
        },
      ],
      distributions: {
        'access-token (all bursts)': histogram(bursts['access-token'].flatMap((b) => b.samples)),
        'health/live (all bursts)': histogram(bursts['health/live'].flatMap((b) => b.samples)),
      },
    };
    const ms = (value) => Math.round(value);
    const markdown = `# Access-token burst${QUICK ? ' (quick)' : ''}

${environmentLine(result)}

${PROCESSES} \`node dist/main.js\` on one database, no Redis. One connection imported with a valid access token
(expires in 24 h: no refresh). Each burst: ${CALLERS} requests started at once, round-robin over the ${PROCESSES}
processes, latency measured by each caller; ${BURSTS} bursts of each kind, alternating, ${PAUSE_MS} ms apart, after
one unmeasured burst of each. Figures: the median over the bursts.

| burst | p50 ms | p99 ms | max ms | answers (all bursts) |
|---|---|---|---|---|
| \`POST …/connections/:id/access-token\` (org key) | ${ms(token.p50)} | ${ms(token.p99)} | ${ms(token.max)} | ${JSON.stringify(token.statusCodes)} |
| \`GET /health/live\` (baseline) | ${ms(health.p50)} | ${ms(health.p99)} | ${ms(health.max)} | ${JSON.stringify(health.statusCodes)} |

p99 ratio access-token / health: **${ratio}×** (target ≤ 2×: ${ratio <= 2 && allOk ? 'pass' : '**fail**'}${allOk ? '' : '; some access-token calls did not answer 200'}).

Per burst (p99 ms): access-token ${bursts['access-token'].map((b) => ms(b.p99)).join(', ')}; health ${bursts['health/live'].map((b) => ms(b.p99)).join(', ')}.
`;
    writeBenchResult('access-token', result, markdown);
    process.stdout.write(markdown);
  } finally {
    for (const app of apps) await app.close();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
