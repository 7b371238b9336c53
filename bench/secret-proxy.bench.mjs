// Secret proxy: plugboard's proxy (default settings, as a new user runs it) next to nginx in front of
// the same upstream (upstream keepalive, HTTP/1.1, Connection cleared) and the upstream called
// directly, in the same run, at concurrency 1 / 32 / 128. Every cell is the median of interleaved
// rounds (the order of the targets rotates each round), so a burst of background load on the shared
// machine hits every target alike. Then a run at concurrency 32 samples plugboard's RSS every second.
//
// Usage: node bench/secret-proxy.bench.mjs [--quick] [--root <checkout>] [--seconds 10] [--rounds 3]
//          [--rss-seconds 60] [--generator wrk|autocannon] [--config '<label>:VAR=value,VAR=value']
//          [--concurrency 1,32,128]
// Needs the build under test (`npm run build`), nginx, PostgreSQL at BENCH_DATABASE_SERVER; wrk when
// present (see bench/README.md, "Load generators").
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  APP_NODE,
  benchDatabase,
  environmentLine,
  loadAverage,
  machine,
  median,
  nodeVersion,
  option,
  options,
  QUICK,
  ROOT,
  startBuiltApp,
  versions,
  writeBenchResult,
} from './lib.mjs';
import { startCpuSplit } from './support/cpu-split.mjs';
import { getLoad } from './support/load.mjs';
import { seedProxyWorker } from './support/seed.mjs';
import { startMinimalProxy, startNginx, startUpstream } from './support/servers.mjs';

const SECONDS = Number(option('seconds', QUICK ? 2 : 10));
const ROUNDS = Number(option('rounds', QUICK ? 1 : 3));
const WARMUP_SECONDS = QUICK ? 1 : 2;
const RSS_SECONDS = Number(option('rss-seconds', QUICK ? 10 : 60));
// `--concurrency 1,32` measures only those (an A/B of one cell); the full run measures all three
const CONCURRENCY = String(option('concurrency', '1,32,128')).split(',').map(Number);
const { generator, run: load } = getLoad(option('generator'));

/**
 * The plugboard configurations measured side by side, each in its own process on the same database.
 * The first one is plugboard as a new user starts it (no tuning variable) and carries the figures
 * with targets; every further one, given as `--config '<label>:VAR=value,…'`, gets its own rows and an
 * informational ratio (e.g. a variable's cost measured in the same run). `node=<path to a node
 * binary>` among the assignments runs that configuration on another Node.js (not an environment
 * variable); each configuration records the Node.js version it ran on.
 */
const PLUGBOARD_CONFIGS = [
  { label: 'plugboard', env: {} },
  ...options('config').map((text) => {
    const [label, assignments = ''] = text.split(/:(.*)/s);
    const { node, ...env } = Object.fromEntries(
      assignments
        .split(',')
        .filter(Boolean)
        .map((pair) => pair.split(/=(.*)/s).slice(0, 2)),
    );
    return { label, env, ...(node ? { node } : {}) };
  }),
].map((config) => ({ ...config, nodeVersion: nodeVersion(config.node ?? APP_NODE) }));

function withoutBinary(config) {
  const recorded = { ...config };
  delete recorded.node;
  return recorded;
}

function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round((Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024) * 10) / 10;
}

const medianRow = (results) => ({
  rps: median(results.map((r) => r.rps)),
  p50: median(results.map((r) => r.p50)),
  p99: median(results.map((r) => r.p99)),
  max: Math.max(...results.map((r) => r.max ?? 0)),
  non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
  errors: results.reduce((sum, r) => sum + r.errors, 0),
  generatorCores: median(results.map((r) => r.generatorCores)),
  // cores of the target's own process (the Node.js proxies), the upstream and PostgreSQL
  targetCores: results.some((r) => r.cores?.target !== undefined)
    ? median(results.map((r) => r.cores.target))
    : null,
  upstreamCores: median(results.map((r) => r.cores?.upstream ?? 0)),
  postgresCores: median(results.map((r) => r.cores?.postgres ?? 0)),
});

const signed = (value) => `${value >= 0 ? '+' : '−'}${Math.abs(Math.round(value * 100) / 100)}`;

function toMarkdown(result) {
  const lines = [
    `# Secret proxy${QUICK ? ' (quick)' : ''}`,
    '',
    environmentLine(result),
    '',
    `GET through each target to a keep-alive upstream answering a 30-byte JSON body. Each cell: median of`,
    `${result.rounds} interleaved round(s) of ${result.secondsPerRound} s after a ${WARMUP_SECONDS} s warm-up; plugboard with its defaults`,
    '(`LOG_LEVEL=warn`, rate limits off). "generator cores": CPU the load generator itself used; "target /',
    'upstream / PostgreSQL cores": what the proxy process (the Node.js ones), the upstream and every',
    'PostgreSQL process used during the rounds (2 cores in all here).',
    '',
    `Node.js of each plugboard: ${(result.configurations ?? []).map((c) => `${c.label} ${c.nodeVersion ?? '?'}`).join(', ')}; ` +
      `the minimal Node proxy: ${process.version}.`,
    '',
    '| concurrency | target | rps | p50 ms | p99 ms | max ms | non-2xx + errors | rps vs nginx | p99 over direct | generator cores | target / upstream / PostgreSQL cores |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of result.rows) {
    const nginx = result.rows.find((r) => r.target === 'nginx' && r.connections === row.connections);
    const direct = result.rows.find((r) => r.target === 'direct' && r.connections === row.connections);
    lines.push(
      `| ${row.connections} | ${row.target} | ${row.rps} | ${row.p50} | ${row.p99} | ${row.max} | ${row.non2xx + row.errors} | ` +
        `${((row.rps / nginx.rps) * 100).toFixed(1)} % | ${signed(row.p99 - direct.p99)} ms | ${row.generatorCores} | ` +
        `${row.targetCores ?? '–'} / ${row.upstreamCores} / ${row.postgresCores} |`,
    );
  }
  const rss = result.rss;
  lines.push(
    '',
    `RSS of ${rss.target} during ${rss.seconds} s at concurrency 32 (${rss.load.rps} rps): ${rss.firstMiB} MiB at start, ` +
      `${rss.afterTenSecondsMiB} MiB after 10 s, ${rss.lastMiB} MiB at the end, max ${rss.maxMiB} MiB.`,
    '',
    '| figure | value | same-run baseline | target | result |',
    '|---|---|---|---|---|',
    ...result.figures.map(
      (f) =>
        `| ${f.figure} | ${f.value} ${f.unit} | ${f.baseline ?? '–'} ${f.baseline === undefined ? '' : (f.baselineUnit ?? f.unit)} ${f.baselineLabel ? `(${f.baselineLabel})` : ''} | ${f.target ?? '–'} | ${f.pass === undefined ? '' : f.pass ? 'pass' : '**fail**'} |`,
    ),
    '',
  );
  return lines.join('\n');
}

function figuresOf(rows, configs) {
  const row = (target, connections) => rows.find((r) => r.target === target && r.connections === connections);
  const figures = [];
  for (const [index, config] of configs.entries()) {
    const main = index === 0;
    const suffix = main ? '' : ` (${config.label})`;
    const at32 = row(config.label, 32);
    if (at32) {
      const ratio = Math.round((at32.rps / row('nginx', 32).rps) * 100) / 100;
      figures.push({
        figure: `proxy rps ratio plugboard / nginx, c=32${suffix}`,
        value: ratio,
        unit: '×',
        baseline: row('nginx', 32).rps,
        baselineUnit: 'rps',
        baselineLabel: 'nginx with upstream keepalive, same run',
        ...(main ? { target: '≥ 0.60', pass: ratio >= 0.6 } : {}),
      });
    }
    const at1 = row(config.label, 1);
    if (at1) {
      const added = Math.round((at1.p99 - row('direct', 1).p99) * 100) / 100;
      figures.push({
        figure: `proxy added p99 over a direct call, c=1${suffix}`,
        value: added,
        unit: 'ms',
        baseline: row('direct', 1).p99,
        baselineLabel: 'direct call p99, same run',
        ...(main ? { target: '≤ 5', pass: added <= 5 } : {}),
      });
    }
    if (at32 && main) {
      const floor = row('minimal Node proxy', 32);
      figures.push(
        {
          figure: 'minimal Node proxy / nginx, c=32 (what Node.js itself reaches here)',
          value: Math.round((floor.rps / row('nginx', 32).rps) * 100) / 100,
          unit: '×',
          baseline: row('nginx', 32).rps,
          baselineUnit: 'rps',
          baselineLabel: 'nginx, same run',
        },
        {
          figure: 'plugboard / minimal Node proxy, c=32 (what plugboard adds)',
          value: Math.round((at32.rps / floor.rps) * 100) / 100,
          unit: '×',
          baseline: floor.rps,
          baselineUnit: 'rps',
          baselineLabel: 'minimal Node proxy, same run',
        },
      );
    }
    for (const connections of CONCURRENCY) {
      const mine = row(config.label, connections);
      const nginx = row('nginx', connections);
      figures.push(
        {
          figure: `proxy rps, c=${connections}${suffix}`,
          value: mine.rps,
          unit: 'rps',
          baseline: nginx.rps,
          baselineLabel: 'nginx, same run',
        },
        {
          figure: `proxy p99, c=${connections}${suffix}`,
          value: mine.p99,
          unit: 'ms',
          baseline: nginx.p99,
          baselineLabel: 'nginx, same run',
        },
      );
    }
  }
  return figures;
}

async function main() {
  const startedAt = machine();
  const loadBefore = loadAverage();
  const db = await benchDatabase('proxy');
  const upstream = await startUpstream();
  const nginx = await startNginx(upstream.port);
  const minimal = await startMinimalProxy(upstream.url);
  const apps = [];
  try {
    for (const config of PLUGBOARD_CONFIGS) {
      apps.push({
        config,
        app: await startBuiltApp(
          {
            DATABASE_URL: db.url,
            DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'plugboard-bench-')),
            ...config.env,
          },
          config.node ? { node: config.node } : {},
        ),
      });
    }
    const targets = [
      {
        name: 'direct',
        url: `${upstream.url}/v1/items?limit=3`,
        headers: { authorization: 'Bearer bench-access-token' },
      },
      {
        name: 'nginx',
        url: `${nginx.url}/v1/items?limit=3`,
        headers: { authorization: 'Bearer bench-access-token' },
      },
      {
        // a 40-line node:http + undici Pool proxy: what Node.js itself costs here
        name: 'minimal Node proxy',
        pid: minimal.child.pid,
        url: `${minimal.url}/proxy/bench/v1/items?limit=3`,
        headers: { authorization: 'Bearer pb_secret_bench' },
      },
    ];
    for (const { config, app } of apps) {
      targets.push({
        name: config.label,
        pid: app.child.pid,
        ...(await seedProxyWorker(app.baseUrl, upstream.url)),
      });
    }

    const rows = [];
    for (const connections of CONCURRENCY) {
      const samples = Object.fromEntries(targets.map((target) => [target.name, []]));
      for (const target of targets) await load({ ...target, connections, seconds: WARMUP_SECONDS });
      for (let round = 0; round < ROUNDS; round++) {
        const order = targets.map((_, index) => targets[(index + round) % targets.length]);
        for (const target of order) {
          const cpu = startCpuSplit({
            ...(target.pid ? { target: target.pid } : {}),
            upstream: upstream.child.pid,
          });
          const result = { ...(await load({ ...target, connections, seconds: SECONDS })), cores: cpu.stop() };
          console.log(`${target.name} c=${connections} round ${round + 1}: ${JSON.stringify(result)}`);
          samples[target.name].push(result);
        }
      }
      for (const target of targets) {
        rows.push({
          target: target.name,
          connections,
          ...medianRow(samples[target.name]),
          rounds: samples[target.name],
        });
      }
    }

    const [{ config, app }] = apps;
    console.log(`RSS run: ${RSS_SECONDS} s at concurrency 32 against ${config.label}`);
    const rssSamples = [rssMiB(app.child.pid)];
    const sampler = setInterval(() => rssSamples.push(rssMiB(app.child.pid)), 1000);
    const rssLoad = await load({
      ...targets.find((t) => t.name === config.label),
      connections: 32,
      seconds: RSS_SECONDS,
    });
    clearInterval(sampler);
    rssSamples.push(rssMiB(app.child.pid));

    const result = {
      benchmark: 'secret-proxy',
      machine: startedAt,
      loadAverage: { before: loadBefore, after: loadAverage() },
      generator,
      versions: await versions(['nginx', generator === 'wrk' ? 'wrk' : 'autocannon']),
      // as they were given, except this checkout's own path (a result names no machine's directories)
      // and a configuration's node binary (its version is recorded)
      configurations: JSON.parse(
        JSON.stringify(PLUGBOARD_CONFIGS.map(withoutBinary)).replaceAll(ROOT, '$PWD'),
      ),
      secondsPerRound: SECONDS,
      rounds: ROUNDS,
      rows,
      rss: {
        target: config.label,
        seconds: RSS_SECONDS,
        load: rssLoad,
        firstMiB: rssSamples[0],
        afterTenSecondsMiB: rssSamples[Math.min(10, rssSamples.length - 1)],
        lastMiB: rssSamples[rssSamples.length - 1],
        maxMiB: Math.max(...rssSamples),
        samplesMiB: rssSamples,
      },
    };
    result.figures = [
      ...figuresOf(rows, PLUGBOARD_CONFIGS),
      {
        figure: `proxy RSS after ${RSS_SECONDS} s at c=32`,
        value: result.rss.lastMiB,
        unit: 'MiB',
        baseline: result.rss.firstMiB,
        baselineLabel: 'RSS at the start of that run',
      },
    ];
    const markdown = toMarkdown(result);
    writeBenchResult('secret-proxy', result, markdown);
    process.stdout.write(markdown);
  } finally {
    for (const { app } of apps) await app.close();
    await nginx.close();
    await minimal.close();
    await upstream.close();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
