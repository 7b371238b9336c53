// Sweep of N expired pending interactions mixed with N live ones (default 1,000,000 each): total
// sweep time, the longest single DELETE, and p99 of concurrent HTTP claims while it runs, next to
// the claim p99 measured in the same run with no sweep (the baseline).
// Usage: node bench/sweep.bench.mjs [--quick] [--root <checkout>] [--rows 1000000]
import pg from 'pg';
import {
  ADMIN_KEY,
  benchDatabase,
  environmentLine,
  histogram,
  loadAverage,
  machine,
  option,
  QUICK,
  startBuiltApp,
  summarize,
  versions,
  writeBenchResult,
} from './lib.mjs';
import { startCpuSplit } from './support/cpu-split.mjs';
import { closedLoop } from './support/load.mjs';
import { claimInteraction, createOrg, seedIntegration, seedInteractions } from './support/seed.mjs';
import { startReceiver } from './support/servers.mjs';

const rows = Number(option('rows', QUICK ? 20_000 : 1_000_000));
const CONCURRENCY = 8;
const BASELINE_MS = QUICK ? 3_000 : 10_000;
const WARMUP_MS = QUICK ? 1_000 : 3_000;

async function main() {
  const startedAt = machine();
  const loadBefore = loadAverage();
  const db = await benchDatabase('sweep');
  const sql = new pg.Pool({ connectionString: db.url, max: 4 });
  const receiver = await startReceiver();
  const plugboard = await startBuiltApp({
    DATABASE_URL: db.url,
    SWEEP_INTERVAL_SECONDS: '86400',
    SWEEP_BATCH_SIZE: '1000',
    SWEEP_MAX_BATCHES_PER_RUN: '50',
    PENDING_INTERACTION_TTL_SECONDS: '86400',
  });
  const { baseUrl } = plugboard;
  try {
    const org = await createOrg(baseUrl, 'bench-sweep');
    // each answer is delivered to the integration, as in production
    const integration = await seedIntegration(baseUrl, org, {
      scheme: 'none',
      deliveryUrl: `${receiver.url}/hooks`,
    });

    const seedStarted = Date.now();
    const seed = { integrationId: integration.id, count: rows };
    await seedInteractions(db.url, org.orgId, { ...seed, prefix: 'expired', age: '2 days' });
    await seedInteractions(db.url, org.orgId, { ...seed, prefix: 'live' });
    // the table settles as one filled over days would be: vacuumed (hint bits and visibility map set)
    // and its pages written out, so the claims do not pay for the bulk load's aftermath (a checkpoint
    // flushing 2M fresh rows and the first touch of every page) during the measured seconds
    await sql.query('VACUUM (ANALYZE) pending_interactions');
    await sql.query('CHECKPOINT');
    const seedMs = Date.now() - seedStarted;

    let nextLive = 1;
    const claimWhile = async (keepGoing) => {
      const { samples, statusCodes } = await closedLoop({
        concurrency: CONCURRENCY,
        keepGoing,
        call: () => claimInteraction(baseUrl, org, `live-${nextLive++}`),
      });
      const failed = Object.entries(statusCodes).filter(([code]) => code !== '200');
      if (failed.length > 0) throw new Error(`claims answered ${JSON.stringify(statusCodes)}`);
      return samples;
    };

    // as the other benchmarks do: the first seconds of a fresh process (compilation, first touches
    // of the table's pages and indexes) are not what it does all day
    const warmEnd = Date.now() + WARMUP_MS;
    const warmUp = await claimWhile(() => Date.now() < warmEnd);

    // where the claims' CPU goes (a closed loop on 2 shared cores: latency follows throughput)
    const cpuOf = { plugboard: plugboard.child.pid, receiver: receiver.child.pid };
    const baselineEnd = Date.now() + BASELINE_MS;
    const baselineCpu = startCpuSplit(cpuOf);
    const baseline = await claimWhile(() => Date.now() < baselineEnd);
    const baselineCores = baselineCpu.stop();

    let sweeping = true;
    const sweepStarted = Date.now();
    const runs = [];
    const duringCpu = startCpuSplit(cpuOf);
    const during = claimWhile(() => sweeping);
    while (true) {
      const report = await (
        await fetch(`${baseUrl}/v1/admin/sweep`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_KEY}` },
        })
      ).json();
      runs.push(report);
      if (!report.remaining.includes('pendingInteractions')) break;
    }
    const sweepMs = Date.now() - sweepStarted;
    sweeping = false;
    const duringSamples = await during;
    const duringCores = duringCpu.stop();
    const answersDelivered = (await receiver.stats()).unique;
    const [{ n: leftExpired }] = (
      await sql.query(`SELECT count(*)::int AS n FROM pending_interactions WHERE id LIKE 'expired-%'`)
    ).rows;

    const result = {
      benchmark: 'sweep',
      machine: startedAt,
      loadAverage: { before: loadBefore, after: loadAverage() },
      generator: `undici request() in the benchmark process, ${CONCURRENCY} closed-loop callers, after a ${WARMUP_MS / 1000} s warm-up`,
      versions: await versions([]),
      rows: { expired: rows, live: rows },
      seedMs,
      sweep: {
        totalMs: sweepMs,
        runs: runs.length,
        deleted: runs.reduce((sum, run) => sum + (run.deleted.pendingInteractions ?? 0), 0),
        leftExpired,
        longestStatementMs: Math.round(Math.max(...runs.map((run) => run.longestStatementMs)) * 100) / 100,
        // yielding between batches (SWEEP_PAUSE_PERCENT, its default); absent from builds before it
        pausedMs: Math.round(runs.reduce((sum, run) => sum + (run.pausedMs ?? 0), 0)),
        batchSize: 1000,
      },
      claimsMs: { baselineNoSweep: summarize(baseline), duringSweep: summarize(duringSamples) },
      cores: { baselineNoSweep: baselineCores, duringSweep: duringCores },
      warmUpClaims: warmUp.length,
      answersDeliveredByTheEnd: answersDelivered,
      concurrency: CONCURRENCY,
      target: 'claims p99 under 20 ms throughout',
    };
    result.figures = [
      {
        figure: `sweep of ${rows.toLocaleString('en')} expired rows, total`,
        value: Math.round(sweepMs),
        unit: 'ms',
      },
      { figure: 'longest single sweep DELETE', value: result.sweep.longestStatementMs, unit: 'ms' },
      {
        figure: `interaction claim p99 at c=${CONCURRENCY} during the sweep of ${rows.toLocaleString('en')} rows`,
        value: result.claimsMs.duringSweep.p99,
        unit: 'ms',
        baseline: result.claimsMs.baselineNoSweep.p99,
        baselineLabel: 'same claims, no sweep',
        target: '< 20',
        pass: result.claimsMs.duringSweep.p99 < 20,
      },
    ];
    result.distributions = {
      'claims during the sweep': histogram(duringSamples),
      'claims, no sweep (baseline)': histogram(baseline),
    };
    const markdown = `# Sweep benchmark${QUICK ? ' (quick)' : ''}

${environmentLine(result)}

${rows.toLocaleString('en')} expired + ${rows.toLocaleString('en')} live pending interactions; sweep batches of 1,000
(\`DELETE … WHERE id IN (SELECT id … LIMIT 1000)\`), ${CONCURRENCY} concurrent HTTP claims (\`POST …/interactions/:id/answer\`).
Each answer is delivered to the interaction's integration (a loopback receiver), as in production.

| figure | value |
|---|---|
| rows deleted | ${result.sweep.deleted.toLocaleString('en')} (expired left: ${leftExpired}) |
| sweep total | ${(sweepMs / 1000).toFixed(1)} s over ${runs.length} runs, ${(result.sweep.pausedMs / 1000).toFixed(1)} s of it yielding between batches |
| longest single DELETE | ${result.sweep.longestStatementMs} ms |
| claim p50 / p99 / max, no sweep (baseline, same run) | ${result.claimsMs.baselineNoSweep.p50} / ${result.claimsMs.baselineNoSweep.p99} / ${result.claimsMs.baselineNoSweep.max} ms (${result.claimsMs.baselineNoSweep.count} claims) |
| claim p50 / p99 / max, during the sweep | ${result.claimsMs.duringSweep.p50} / ${result.claimsMs.duringSweep.p99} / ${result.claimsMs.duringSweep.max} ms (${result.claimsMs.duringSweep.count} claims) |
| cores, no sweep: plugboard / PostgreSQL / receiver / this process (the callers) / machine | ${coresLine(baselineCores)} |
| cores during the sweep: the same | ${coresLine(duringCores)} |
| answers delivered to the receiver by the end | ${answersDelivered} (of ${warmUp.length + result.claimsMs.baselineNoSweep.count + result.claimsMs.duringSweep.count} claims, ${warmUp.length} of them in the warm-up) |
| target | claims p99 < 20 ms throughout: **${result.claimsMs.duringSweep.p99 < 20 ? 'met' : 'not met'}** |
`;
    writeBenchResult('sweep', result, markdown);
    process.stdout.write(markdown);
  } finally {
    await plugboard.close();
    await receiver.close();
    await sql.end();
    await db.drop();
  }
}

const coresLine = (cores) =>
  cores
    ? `${cores.plugboard} / ${cores.postgres} / ${cores.receiver} / ${cores.this} / ${cores.machine}`
    : '–';

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
