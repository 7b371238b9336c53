// CPU profiles of the hot paths: for each path, plugboard runs under `node --cpu-prof`, is put under
// the same load as its benchmark for N seconds, and is stopped with SIGTERM (it exits through
// process.exit, which writes the profile). Only the samples taken while the load ran are summarised
// (start-up, seeding, warm-up and shutdown are left out): total samples, the top functions by self
// time, plugboard's own functions by total time, and self time grouped by owner (each node_modules
// package, plugboard's dist/<area>, node internals, native code, GC, idle). Writes
// bench/results/profile-<path>-<label>.json and regenerates bench/PROFILE.md from every such file,
// "before" and "after" side by side.
//
// Usage: node bench/profile.mjs [--label before|after] [--root <checkout>] [--only <path>]
//          [--seconds 20] [--generator wrk|autocannon] [--keep-profiles <dir>]
//   paths: proxy, ingress, access-token, claims      (npm run bench:profile -- --label after)
// Not part of `npm run bench` (the profiler slows plugboard down; the figures come from the benches).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import {
  benchDatabase,
  formatMarkdown,
  loadAverage,
  machine,
  median,
  option,
  options,
  ROOT,
  sleep,
  startBuiltApp,
  summarize,
  TARGET_ROOT,
  versions,
} from './lib.mjs';
import { autocannonLoad, burst, closedLoop, getLoad } from './support/load.mjs';
import {
  claimInteraction,
  createOrg,
  ingressRequest,
  seedConnection,
  seedIntegration,
  seedInteractions,
  seedProxyWorker,
} from './support/seed.mjs';
import { startReceiver, startUpstream } from './support/servers.mjs';

// diagnostic runs: --env KEY=VALUE (repeatable) is passed to plugboard, e.g. PROCESS_ROLE=api to
// profile accepts without the dispatcher; the committed profiles use none
const EXTRA_ENV = Object.fromEntries(options('env').map((pair) => pair.split(/=(.*)/s).slice(0, 2)));
const LABEL = option('label', 'after');
const SECONDS = Number(option('seconds', 20));
const WARMUP_SECONDS = 2;
const ONLY = option('only');
const KEEP = option('keep-profiles');
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
const PROFILE_MD = path.join(ROOT, 'bench', 'PROFILE.md');
const TOP = 20;

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** Transactions committed or rolled back in the database so far (pg_stat_database). */
async function databaseTransactions(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT (xact_commit + xact_rollback)::bigint AS n FROM pg_stat_database WHERE datname = current_database()',
    );
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

/**
 * Each hot path: what loads it (the same load as its benchmark) and what to read in its profile.
 * `run(app, seconds)` seeds, warms up, then loads for `seconds` inside the measured window.
 */
const PATHS = {
  proxy: {
    title: 'Secret proxy, c=32',
    benchmark: 'secret-proxy.bench.mjs',
    read:
      'Warm, a proxied request should cost no database round trip: before the change, the share of ' +
      '`typeorm`, `pg`/`pg-protocol` and the plugboard code that drives them (`dist/modules/secret-proxy`, ' +
      '`dist/modules/oauth`, `dist/modules/tenancy`) is the price of the five reads per request. After, ' +
      "expect node's HTTP stack, `undici` (the upstream pool) and the route itself to dominate; whatever is " +
      'left under `@nestjs/*`, `nestjs-cls`, `class-*` or `rxjs` is the per-request Nest chain.',
    async run({ app, seconds, extras, begin, end }) {
      const target = await seedProxyWorker(app.baseUrl, extras.upstream.url);
      const { generator, run } = getLoad(option('generator'));
      await run({ ...target, connections: 32, seconds: WARMUP_SECONDS });
      const window = await begin();
      const load = await run({ ...target, connections: 32, seconds });
      await end(window);
      return {
        window,
        generator,
        load: `${load.rps} rps, p50 ${load.p50} ms, p99 ${load.p99} ms, ${load.non2xx + load.errors} non-2xx/errors (c=32, ${generator})`,
        requests: load.ok + load.non2xx,
        raw: load,
      };
    },
    async extras() {
      const upstream = await startUpstream();
      return { upstream, close: () => upstream.close() };
    },
  },
  ingress: {
    title: 'Ingress accepts, c=32, scheme none, default mode (no Redis), delivering to a receiver',
    benchmark: 'ingress.bench.mjs',
    read:
      'In the default mode the same event loop accepts and delivers. Before the change each accept is ' +
      'one INSERT plus, right after its commit, the dispatch of that delivery (claim with a lease, an ' +
      'attempt row, the conversation, the signed POST to the receiver, the outcome): `pg`, `typeorm`, ' +
      '`undici` and `dist/modules/ingress` carry it. After group commit and a batched dispatcher, the ' +
      "database client's share per accept should fall (one multi-row INSERT per flush, claims in " +
      'batches), and the POSTs to the receiver (`undici`) remain.',
    async run({ app, seconds, extras, begin, end }) {
      const org = await createOrg(app.baseUrl, 'profile-ingress');
      const integration = await seedIntegration(app.baseUrl, org, {
        scheme: 'none',
        deliveryUrl: `${extras.receiver.url}/hooks`,
      });
      const request = () => ingressRequest(integration);
      const options = { url: integration.url, method: 'POST', request, connections: 32 };
      await autocannonLoad({ ...options, seconds: WARMUP_SECONDS });
      const window = await begin();
      const load = await autocannonLoad({ ...options, seconds });
      await end(window);
      const delivered = await extras.receiver.stats();
      return {
        window,
        generator: 'autocannon',
        load: `${load.rps} accepts/s, p50 ${load.p50} ms, p99 ${load.p99} ms, ${load.non2xx + load.errors} non-2xx/errors (c=32); ${delivered.unique} delivered by the end of the window`,
        requests: load.ok + load.non2xx,
        raw: load,
      };
    },
    async extras() {
      const receiver = await startReceiver();
      return { receiver, close: () => receiver.close() };
    },
  },
  'access-token': {
    title: 'Access-token bursts of 1,000 concurrent calls (one process profiled)',
    benchmark: 'access-token.bench.mjs',
    read:
      'One process takes back-to-back bursts of 1,000 concurrent `POST …/access-token` calls (the ' +
      'benchmark spreads them over three processes; the work per call is the same). Before the change ' +
      'each call authenticates its API key against the database and reads and decrypts the connection: ' +
      '`pg`, `typeorm`, `node:crypto` and `dist/modules/tenancy` + `dist/modules/oauth`. From the caches ' +
      'the call should cost about what HTTP, routing and serialisation cost (`GET /health/live`).',
    async run({ app, seconds, begin, end }) {
      const org = await createOrg(app.baseUrl, 'profile-access-token');
      const connection = await seedConnection(app.baseUrl, org);
      const url = `${app.baseUrl}/v1/orgs/${org.orgId}/connections/${connection.id}/access-token`;
      const init = { method: 'POST', headers: { authorization: `Bearer ${org.key}` } };
      const warmUntil = Date.now() + WARMUP_SECONDS * 1000;
      while (Date.now() < warmUntil) await burst([url], 1000, init);
      const window = await begin();
      const bursts = [];
      const until = Date.now() + seconds * 1000;
      while (Date.now() < until) bursts.push(await burst([url], 1000, init));
      await end(window);
      const calls = bursts.length * 1000;
      return {
        window,
        generator: 'fetch (undici), bursts of 1,000',
        load: `${bursts.length} bursts (${Math.round(calls / seconds)} calls/s), median burst p50 ${Math.round(median(bursts.map((b) => b.p50)))} ms, p99 ${Math.round(median(bursts.map((b) => b.p99)))} ms`,
        requests: calls,
        raw: bursts.map((b) => ({ ...b, samples: undefined })),
      };
    },
  },
  claims: {
    title: 'Interaction claims, c=8',
    benchmark: 'sweep.bench.mjs',
    read:
      'The claim is one statement shared by the answers that arrive together: the conditional UPDATE ' +
      'and, since de9c14e, the insert of the answers as deliveries to the integration (delivered to a ' +
      'loopback receiver, inline in the default mode; before, a transaction of two statements, and ' +
      'earlier an `INTERACTION_ANSWERED` listener stored them). Around it, API-key authentication and ' +
      'validation of the body (the route is taken before Fastify since 9cb0b88; the "before" column ran ' +
      'the Nest chain). ' +
      'The sweep benchmark measures these claims during a large sweep; the profile shows the claim ' +
      'alone: what plugboard spends per claim besides the database.',
    async run({ app, seconds, db, extras, begin, end }) {
      const org = await createOrg(app.baseUrl, 'profile-claims');
      const integration = await seedIntegration(app.baseUrl, org, {
        scheme: 'none',
        deliveryUrl: `${extras.receiver.url}/hooks`,
      });
      await seedInteractions(db.url, org.orgId, {
        integrationId: integration.id,
        count: Math.max(50_000, (seconds + WARMUP_SECONDS) * 5000),
      });
      let next = 1;
      const call = () => claimInteraction(app.baseUrl, org, `live-${next++}`);
      const warmUntil = Date.now() + WARMUP_SECONDS * 1000;
      await closedLoop({ concurrency: 8, keepGoing: () => Date.now() < warmUntil, call });
      const window = await begin();
      const until = Date.now() + seconds * 1000;
      const { samples, statusCodes } = await closedLoop({
        concurrency: 8,
        keepGoing: () => Date.now() < until,
        call,
      });
      await end(window);
      const latency = summarize(samples);
      return {
        window,
        generator: 'fetch (undici), 8 closed-loop callers',
        load: `${Math.round(samples.length / seconds)} claims/s, p50 ${latency.p50} ms, p99 ${latency.p99} ms, answers ${JSON.stringify(statusCodes)} (c=8)`,
        requests: samples.length,
        raw: { latency, statusCodes },
      };
    },
    async extras() {
      const receiver = await startReceiver();
      return { receiver, close: () => receiver.close() };
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Summarising a .cpuprofile

const require = createRequire(import.meta.url);
const { SourceMap } = require('node:module');
const sourceMaps = new Map();

/** The TypeScript source line of a dist location, through the build's source map when there is one. */
function originalLocation(file, line, column) {
  if (!sourceMaps.has(file)) {
    let map = null;
    try {
      map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')));
    } catch {
      // no source map
    }
    sourceMaps.set(file, map);
  }
  const map = sourceMaps.get(file);
  const entry = map?.findEntry(line, column);
  if (!entry?.originalSource) return null;
  const source = path.relative(TARGET_ROOT, path.resolve(path.dirname(file), entry.originalSource));
  return `${source}:${entry.originalLine + 1}`;
}

const SPECIAL = new Set(['(garbage collector)', '(program)', '(idle)', '(root)']);

/** Who owns a frame: a node_modules package, plugboard's dist/<area>, node internals, native, GC… */
function describeFrame(callFrame) {
  const name = callFrame.functionName || '(anonymous)';
  let url = callFrame.url ?? '';
  if (url.startsWith('file://')) url = decodeURIComponent(url.slice('file://'.length));
  const line = callFrame.lineNumber + 1;
  if (!url) {
    if (SPECIAL.has(name)) return { name, owner: name, location: '' };
    return { name, owner: '(native: V8 builtins, C++ bindings)', location: '' };
  }
  if (url.startsWith('node:') || !url.startsWith('/')) {
    return { name, owner: 'node internals', location: `${url}:${line}` };
  }
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return { name, owner: pkg, location: `${rest.join('/')}:${line}` };
  }
  const dist = path.join(TARGET_ROOT, 'dist') + path.sep;
  if (url.startsWith(dist)) {
    const relative = url.slice(dist.length).split(path.sep);
    const area = distArea(relative);
    const source = originalLocation(url, callFrame.lineNumber, callFrame.columnNumber);
    return {
      name,
      owner: `plugboard dist/${area}`,
      location: source ?? `dist/${relative.join('/')}:${line}`,
    };
  }
  return { name, owner: 'other', location: `${url}:${line}` };
}

/** dist/modules/<area>/… → modules/<area>; dist/<dir>/… → <dir>; dist/main.js → (top level). */
function distArea(segments) {
  if (segments.length === 1) return '(top level)';
  if (segments[0] === 'modules' && segments.length > 2) return `modules/${segments[1]}`;
  return segments[0];
}

/** Self and total time per function and self time per owner, over the samples inside `window`. */
export function summariseProfile(profile, window) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  // sample i lasts until sample i+1; the window keeps the samples taken while the load ran
  const selfUs = new Map();
  let time = profile.startTime;
  let inWindow = 0;
  let windowUs = 0;
  for (let index = 0; index < profile.samples.length; index++) {
    time += profile.timeDeltas[index];
    const duration = profile.timeDeltas[index + 1] ?? 0;
    if (window && (time < window.start || time > window.end)) continue;
    inWindow += 1;
    windowUs += duration;
    const id = profile.samples[index];
    selfUs.set(id, (selfUs.get(id) ?? 0) + duration);
  }

  const functions = new Map();
  const keyOf = (node) => {
    const frame = node.callFrame;
    return `${frame.functionName}|${frame.url}|${frame.lineNumber}|${frame.columnNumber}`;
  };
  const entry = (node) => {
    const key = keyOf(node);
    if (!functions.has(key)) functions.set(key, { ...describeFrame(node.callFrame), selfUs: 0, totalUs: 0 });
    return functions.get(key);
  };
  for (const [id, us] of selfUs) {
    if (us === 0) continue;
    const node = nodes.get(id);
    entry(node).selfUs += us;
    // total: once per function on the stack, however often it recurs
    const seen = new Set();
    for (let current = id; current !== undefined; current = parent.get(current)) {
      const key = keyOf(nodes.get(current));
      if (seen.has(key)) continue;
      seen.add(key);
      entry(nodes.get(current)).totalUs += us;
    }
  }
  const percent = (us) => Math.round((us / windowUs) * 1000) / 10;
  const all = [...functions.values()].filter((f) => f.name !== '(root)');
  const row = (f) => ({
    name: f.name,
    location: f.location,
    owner: f.owner,
    selfMs: Math.round(f.selfUs / 1000),
    selfPercent: percent(f.selfUs),
    totalPercent: percent(f.totalUs),
  });
  const owners = new Map();
  for (const f of all) owners.set(f.owner, (owners.get(f.owner) ?? 0) + f.selfUs);
  // the same time, node's and native work charged to the nearest package (or plugboard) frame above
  // it: the socket write a query makes counts for the database client that asked for it
  const byCaller = new Map();
  const callerOf = new Map();
  const callerOwner = (id) => {
    if (callerOf.has(id)) return callerOf.get(id);
    const { owner } = describeFrame(nodes.get(id).callFrame);
    const generic = owner === 'node internals' || owner.startsWith('(native');
    const parentId = parent.get(id);
    const found = !generic ? owner : parentId === undefined ? owner : callerOwner(parentId);
    const result = found === '(root)' ? owner : found;
    callerOf.set(id, result);
    return result;
  };
  for (const [id, us] of selfUs) {
    const owner = callerOwner(id);
    byCaller.set(owner, (byCaller.get(owner) ?? 0) + us);
  }
  return {
    samples: profile.samples.length,
    samplesInWindow: inWindow,
    windowMs: Math.round(windowUs / 1000),
    top: all
      .sort((a, b) => b.selfUs - a.selfUs)
      .slice(0, TOP)
      .map(row),
    plugboardByTotal: all
      .filter((f) => f.owner.startsWith('plugboard'))
      .sort((a, b) => b.totalUs - a.totalUs)
      .slice(0, 10)
      .map(row),
    owners: [...owners.entries()]
      .map(([owner, us]) => ({ owner, selfMs: Math.round(us / 1000), selfPercent: percent(us) }))
      .sort((a, b) => b.selfMs - a.selfMs),
    ownersWithWhatTheyCalled: [...byCaller.entries()]
      .map(([owner, us]) => ({ owner, selfMs: Math.round(us / 1000), selfPercent: percent(us) }))
      .sort((a, b) => b.selfMs - a.selfMs),
  };
}

// ---------------------------------------------------------------------------------------------
// PROFILE.md

const GROUPS = [
  ['database client (typeorm, pg)', (owner) => /^(typeorm|pg|pg-.*|postgres-.*)$/.test(owner)],
  [
    'Nest, Fastify and their helpers',
    (owner) =>
      /^(@nestjs\/.*|fastify|@fastify\/.*|find-my-way|avvio|light-my-request|nestjs-cls|rxjs|reflect-metadata|class-transformer|class-validator|path-to-regexp|fast-json-stringify|ajv.*|secure-json-parse)$/.test(
        owner,
      ),
  ],
  ['logging (pino)', (owner) => /^(pino.*|nestjs-pino|sonic-boom|thread-stream)$/.test(owner)],
  ['undici', (owner) => owner === 'undici'],
  ['plugboard (dist)', (owner) => owner.startsWith('plugboard')],
  ['node internals + native', (owner) => owner === 'node internals' || owner.startsWith('(native')],
  ['garbage collector', (owner) => owner === '(garbage collector)'],
  ['idle + (program)', (owner) => owner === '(idle)' || owner === '(program)'],
];

function groupShares(owners = []) {
  const shares = GROUPS.map(([label, test]) => [
    label,
    owners.filter((o) => test(o.owner)).reduce((sum, o) => sum + o.selfPercent, 0),
  ]);
  const known = shares.reduce((sum, [, value]) => sum + value, 0);
  shares.push(['everything else', Math.max(0, 100 - known)]);
  return shares.map(([label, value]) => [label, Math.round(value * 10) / 10]);
}

const cell = (text) => String(text).replace(/\|/g, '\\|');
const fn = (f) => {
  if (!f) return '';
  if (f.location) return `\`${cell(f.name)}\` ${cell(f.location)}`;
  return f.owner === f.name ? `\`${cell(f.name)}\`` : `\`${cell(f.name)}\` ${cell(f.owner)}`;
};

function pathSection(name, results) {
  const spec = PATHS[name];
  const labels = [
    'before',
    'after',
    ...Object.keys(results).filter((l) => l !== 'before' && l !== 'after'),
  ].filter((label) => results[label]);
  const lines = [`## ${spec.title}`, '', `Load: the same as \`bench/${spec.benchmark}\`. ${spec.read}`, ''];
  const head = `| | ${labels.join(' | ')} |`;
  const rule = `|---|${labels.map(() => '---').join('|')}|`;
  const each = (fnOf) => labels.map((label) => fnOf(results[label])).join(' | ');
  lines.push(
    head,
    rule,
    `| build | ${each((r) => `${r.machine.root} at ${r.machine.commit}`)} |`,
    `| taken | ${each((r) => `${r.machine.date.slice(0, 16).replace('T', ' ')} UTC, load average ${r.loadAverage.before[0]} on ${r.machine.cpus} cores${r.loadAverage.before[0] > r.machine.cpus ? ' (busy machine)' : ''}`)} |`,
    `| load while profiled | ${each((r) => cell(r.load))} |`,
    `| DB transactions per request (≈) | ${each((r) => r.databaseTransactionsPerRequest ?? '–')} |`,
    `| samples in the window | ${each((r) => `${r.summary.samplesInWindow.toLocaleString('en')} over ${(r.summary.windowMs / 1000).toFixed(1)} s (of ${r.summary.samples.toLocaleString('en')} in the profile)`)} |`,
    '',
    '**Where the time goes**, share of the window: self time, and self time with the node and native',
    'work each group called (a socket write charged to the package that wrote):',
    '',
    `| | ${labels.map((label) => `${label}: self | ${label}: with what it called`).join(' | ')} |`,
    `|---|${labels.map(() => '---|---').join('|')}|`,
    ...groupShares(results[labels[0]].summary.owners).map(
      ([label], index) =>
        `| ${label} | ${each(
          (r) =>
            `${groupShares(r.summary.owners)[index][1]} % | ${
              r.summary.ownersWithWhatTheyCalled
                ? `${groupShares(r.summary.ownersWithWhatTheyCalled)[index][1]} %`
                : '–'
            }`,
        )} |`,
    ),
    '',
    '**Self time by owner** (node_modules package, plugboard dist area, node, native, GC, idle):',
    '',
  );
  const owners = [
    ...new Set(labels.flatMap((label) => results[label].summary.owners.slice(0, 15).map((o) => o.owner))),
  ];
  lines.push(
    `| owner | ${labels.map((label) => `${label} self %`).join(' | ')} |`,
    `|---|${labels.map(() => '---').join('|')}|`,
    ...owners.map(
      (owner) =>
        `| ${cell(owner)} | ${each((r) => {
          const found = r.summary.owners.find((o) => o.owner === owner);
          return found ? `${found.selfPercent} %` : '–';
        })} |`,
    ),
    '',
    `**Top ${TOP} functions by self time** (total = self + what it called, each function counted once per sample):`,
    '',
    `| # | ${labels.map((label) => `${label}: function, location | self % | total %`).join(' | ')} |`,
    `|---|${labels.map(() => '---|---|---').join('|')}|`,
  );
  for (let rank = 0; rank < TOP; rank++) {
    lines.push(
      `| ${rank + 1} | ${labels
        .map((label) => {
          const f = results[label].summary.top[rank];
          return f ? `${fn(f)} | ${f.selfPercent} | ${f.totalPercent}` : ' | | ';
        })
        .join(' | ')} |`,
    );
  }
  lines.push(
    '',
    "**plugboard's own functions by total time** (synchronous part only: a profile does not join the halves of an `await`; a Fastify hook or parser that calls `done()` carries in its total the rest of the request that runs inside that call):",
    '',
    `| # | ${labels.map((label) => `${label}: function, source | total % | self %`).join(' | ')} |`,
    `|---|${labels.map(() => '---|---|---').join('|')}|`,
  );
  for (let rank = 0; rank < 10; rank++) {
    lines.push(
      `| ${rank + 1} | ${labels
        .map((label) => {
          const f = results[label].summary.plugboardByTotal[rank];
          return f ? `${fn(f)} | ${f.totalPercent} | ${f.selfPercent}` : ' | | ';
        })
        .join(' | ')} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

export async function writeProfileMarkdown() {
  const byPath = {};
  for (const file of fs.readdirSync(RESULTS_DIR).filter((f) => /^profile-.+\.json$/.test(f))) {
    const result = JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, file), 'utf8'));
    (byPath[result.path] ??= {})[result.label] = result;
  }
  const taken = {};
  for (const result of Object.values(byPath).flatMap((results) => Object.values(results))) {
    (taken[result.label] ??= []).push({
      load: result.loadAverage.before[0],
      cpus: result.machine.cpus,
      seconds: result.seconds,
    });
  }
  const conditions = Object.entries(taken).map(([label, runs]) => {
    const loads = runs.map((run) => run.load);
    const busy = runs.some((run) => run.load > run.cpus);
    const range = `${Math.min(...loads)}–${Math.max(...loads)}`;
    const seconds = [...new Set(runs.map((run) => run.seconds))].join('/');
    return `"${label}": load average ${range} on ${runs[0].cpus} cores when the profiles started, ${seconds} s of load each${
      busy
        ? " — **a busy machine**: other engineers' test suites shared the cores, so rates are low and noisy; read the shares"
        : ''
    }.`;
  });
  const lines = [
    '# CPU profiles of the hot paths',
    '',
    '> Generated by `node bench/profile.mjs` (`npm run bench:profile -- --label before|after`) from',
    '> `bench/results/profile-<path>-<label>.json`. Do not edit by hand.',
    '',
    "Each profile: plugboard (`node --cpu-prof`, default 1 ms sampling) under the load of the path's benchmark",
    'for the stated seconds, stopped with SIGTERM. Only the samples taken while the load ran count:',
    'start-up, seeding, a 2 s warm-up and shutdown are left out. The profiler itself slows plugboard',
    "down, so the load figures here are lower than the benchmarks'; compare shares, not rates.",
    '',
    ...conditions.map((text) => `- ${text}`),
    '',
    'What to read: "Where the time goes" first (a few groups of owners), then the owners, then the',
    'functions. Self time is spent in the function itself; total adds what it called. `(idle)` is the',
    'event loop waiting (for the database, the network or the load generator); `(program)` is V8 work',
    'outside JavaScript; `(garbage collector)` grows with allocation per request. `writev` (native)',
    'under `pg/lib/query.js` is the system call that sends a query to PostgreSQL: on a 2-core machine',
    'the time in it includes the moment the kernel gives the CPU to the PostgreSQL backend it just',
    "woke, so each database round trip costs the event loop that much on top of the database's own",
    "work. DB transactions per request: the database's committed and rolled-back transactions",
    '(`pg_stat_database`) during the window divided by the requests served, ≈ because the counters',
    "are reported about once a second; each transaction is at least one round trip. plugboard's own",
    "functions are shown with their TypeScript source line (through the build's source maps).",
    '',
  ];
  for (const name of Object.keys(PATHS)) if (byPath[name]) lines.push(pathSection(name, byPath[name]));
  fs.writeFileSync(PROFILE_MD, lines.join('\n'));
  await formatMarkdown(PROFILE_MD);
}

// ---------------------------------------------------------------------------------------------

async function profilePath(name) {
  const spec = PATHS[name];
  const startedAt = machine();
  const loadBefore = loadAverage();
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), `plugboard-profile-${name}-`));
  const db = await benchDatabase(`profile_${name.replace('-', '_')}`);
  const extras = spec.extras ? await spec.extras() : undefined;
  let outcome;
  let app;
  try {
    app = await startBuiltApp(
      { DATABASE_URL: db.url, ...EXTRA_ENV },
      { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profileDir] },
    );
    console.log(`${name}: plugboard pid ${app.child.pid} under --cpu-prof; ${SECONDS} s of load`);
    const started = performance.now();
    const transactions = () => databaseTransactions(db.url);
    // the window: the profile's samples and the database's transactions between begin and end
    const begin = async () => ({ start: nowUs(), transactions: await transactions() });
    const end = async (window) => {
      window.end = nowUs();
      // backends report their counters about once a second while busy
      await sleep(1500);
      window.transactions = (await transactions()) - window.transactions;
    };
    outcome = await spec.run({ app, seconds: SECONDS, extras, db, begin, end });
    console.log(`${name}: ${outcome.load} (${Math.round((performance.now() - started) / 1000)} s)`);
  } finally {
    const stopped = app ? await app.close(30_000) : undefined;
    if (stopped && (stopped.signal || stopped.code !== 0)) {
      console.error(`${name}: plugboard did not exit cleanly on SIGTERM (${JSON.stringify(stopped)})`);
    }
    await extras?.close();
    await db.drop();
  }
  const file = fs
    .readdirSync(profileDir)
    .find((f) => f.endsWith('.cpuprofile') && f.includes(`.${app.child.pid}.`));
  if (!file) {
    throw new Error(
      `${name}: no .cpuprofile in ${profileDir}: plugboard must exit through process.exit on SIGTERM for --cpu-prof to write it`,
    );
  }
  const profileFile = path.join(profileDir, file);
  const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8'));
  const summary = summariseProfile(profile, outcome.window);
  if (summary.samplesInWindow === 0)
    throw new Error(`${name}: the profile has no sample inside the load window`);
  let kept = profileFile;
  if (KEEP) {
    fs.mkdirSync(KEEP, { recursive: true });
    kept = path.join(path.resolve(KEEP), `profile-${name}-${LABEL}.cpuprofile`);
    fs.copyFileSync(profileFile, kept);
  }
  const result = {
    path: name,
    label: LABEL,
    title: spec.title,
    machine: startedAt,
    loadAverage: { before: loadBefore, after: loadAverage() },
    generator: outcome.generator,
    versions: await versions(
      outcome.generator === 'wrk' ? ['wrk'] : outcome.generator === 'autocannon' ? ['autocannon'] : [],
    ),
    seconds: SECONDS,
    load: outcome.load,
    requests: outcome.requests,
    // each of our own stats reads is one transaction too: 2 per window
    databaseTransactionsPerRequest:
      Math.round(((outcome.window.transactions - 2) / outcome.requests) * 100) / 100,
    loadDetails: outcome.raw,
    // its file name only: a result names no machine's directories
    cpuprofile: path.basename(kept),
    // where the load ran, in ms from the profile's start: enough to summarise the file again
    windowInProfileMs: {
      start: Math.round((outcome.window.start - profile.startTime) / 1000),
      end: Math.round((outcome.window.end - profile.startTime) / 1000),
    },
    summary,
  };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(RESULTS_DIR, `profile-${name}-${LABEL}.json`),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  console.log(
    `${name}: ${summary.samplesInWindow} samples in the window; top self: ${summary.top
      .slice(0, 5)
      .map((f) => `${f.name} ${f.selfPercent}%`)
      .join(', ')}; profile at ${kept}`,
  );
}

async function main() {
  if (!/^[a-z0-9-]+$/.test(LABEL)) throw new Error('--label: letters, digits and dashes (before, after, …)');
  const names = ONLY ? ONLY.split(',') : Object.keys(PATHS);
  for (const name of names)
    if (!PATHS[name]) throw new Error(`--only ${name}: one of ${Object.keys(PATHS).join(', ')}`);
  for (const name of names) {
    await profilePath(name);
    await sleep(500);
  }
  await writeProfileMarkdown();
  console.log(`wrote ${path.relative(ROOT, PROFILE_MD)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
