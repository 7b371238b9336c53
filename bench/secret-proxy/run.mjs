// Secret proxy benchmark (issue 8): plugboard's proxy (resolution cache off and on), nginx as
// production runs it (upstream block with keepalive, HTTP/1.1, empty Connection header) and the
// upstream called directly, in the same run, at concurrency 1/32/128 with autocannon; then a 60 s
// run at concurrency 32 sampling plugboard's RSS. Needs `npm run build`, nginx on PATH and
// PostgreSQL at BENCH_DATABASE_SERVER (default postgres://postgres@127.0.0.1:5432/postgres).
//   node bench/secret-proxy/run.mjs [--duration 5] [--rounds 3] [--rss-seconds 60]
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { clearInterval, setInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import pg from 'pg';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, value, index, all) => {
    if (value.startsWith('--')) pairs.push([value.slice(2), all[index + 1]]);
    return pairs;
  }, []),
);
const DURATION = Number(args.duration ?? 5);
// The machine is shared: every cell is measured in several interleaved rounds and the median kept,
// so a burst of background load hits all targets alike instead of one.
const ROUNDS = Number(args.rounds ?? 3);
const RSS_SECONDS = Number(args['rss-seconds'] ?? 60);
const CONCURRENCY = [1, 32, 128];
const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN_KEY = `bench-admin-${randomBytes(12).toString('hex')}`;
const children = [];

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function start(command, argv, options = {}) {
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  child.output = () => output;
  children.push(child);
  return child;
}

async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function waitFor(url, child, timeoutMs = 60_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`exited early:\n${child.output()}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not come up:\n${child.output()}`);
}

async function api(baseUrl, method, route, key, body) {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => undefined);
  if (response.status >= 300)
    throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function startPlugboard(databaseUrl, cacheMs) {
  const port = await freePort();
  const child = start(process.execPath, [path.join(root, 'dist', 'main.js')], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      ADMIN_API_KEY: ADMIN_KEY,
      ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      ALLOW_PRIVATE_UPSTREAMS: 'true',
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'plugboard-bench-')),
      LOG_LEVEL: 'warn',
      SECRET_PROXY_CACHE_MS: String(cacheMs),
    },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(`${baseUrl}/health/ready`, child);
  return { child, baseUrl };
}

/** Org → provider (apiBaseUrl = the upstream) → imported connection → agent → worker token → placeholder. */
async function seedWorker(baseUrl, upstreamUrl) {
  const org = await api(baseUrl, 'POST', '/v1/orgs', ADMIN_KEY, { name: 'bench' });
  await api(baseUrl, 'POST', `/v1/orgs/${org.id}/providers`, ADMIN_KEY, {
    key: 'bench',
    authorizeUrl: 'http://127.0.0.1:9/authorize',
    tokenUrl: 'http://127.0.0.1:9/token',
    clientId: 'bench',
    clientSecret: 'bench-secret',
    scopes: [],
    apiBaseUrl: upstreamUrl,
  });
  const connection = await api(baseUrl, 'POST', `/v1/orgs/${org.id}/connections`, ADMIN_KEY, {
    provider: 'bench',
    tokens: { accessToken: 'bench-access-token', expiresIn: 86_400 },
  });
  const agent = await api(baseUrl, 'POST', `/v1/orgs/${org.id}/agents`, ADMIN_KEY, { name: 'bench' });
  const base = `/v1/orgs/${org.id}/agents/${agent.id}`;
  const token = await api(baseUrl, 'POST', `${base}/worker-tokens`, ADMIN_KEY, {});
  const placeholder = await api(baseUrl, 'POST', `${base}/placeholders`, ADMIN_KEY, {
    connectionId: connection.id,
  });
  return {
    url: `${baseUrl}/proxy/bench/v1/items?limit=3`,
    headers: {
      'proxy-authorization': `Bearer ${token.token}`,
      authorization: `Bearer ${placeholder.placeholder}`,
    },
  };
}

function startNginx(upstreamPort, port) {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'plugboard-bench-nginx-'));
  fs.mkdirSync(path.join(prefix, 'logs'));
  // As production runs it: keepalive pool to the upstream, HTTP/1.1, Connection cleared.
  fs.writeFileSync(
    path.join(prefix, 'nginx.conf'),
    `worker_processes auto;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  upstream backend {
    server 127.0.0.1:${upstreamPort};
    keepalive 256;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`,
  );
  return start('nginx', ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-g', 'daemon off;']);
}

async function load(target, connections, duration) {
  const result = await autocannon({
    url: target.url,
    headers: target.headers,
    connections,
    duration,
    pipelining: 1,
  });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

function medianOf(results) {
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    rps: median(results.map((r) => r.rps)),
    p50: median(results.map((r) => r.p50)),
    p99: median(results.map((r) => r.p99)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  };
}

function rssKb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}

function toMarkdown(report) {
  const lines = [
    `# Secret proxy benchmark (${report.date})`,
    '',
    `Machine: ${report.machine}, shared (load average ${report.loadAverage.before.map((v) => v.toFixed(1)).join('/')} ` +
      `before, ${report.loadAverage.after.map((v) => v.toFixed(1)).join('/')} after); ${report.nginx}; ` +
      `autocannon ${report.autocannon}.`,
    `Each cell: median of ${report.rounds} interleaved rounds of ${report.durationSeconds} s after a 2 s warm-up;`,
    'GET with a 30-byte JSON answer; plugboard with LOG_LEVEL=warn. Generated by `node bench/secret-proxy/run.mjs`.',
    '',
    '| concurrency | target | rps | p50 ms | p99 ms | errors | rps vs nginx | p99 over direct |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const row of report.rows) {
    const nginx = report.rows.find((r) => r.target === 'nginx' && r.connections === row.connections);
    const direct = report.rows.find((r) => r.target === 'direct' && r.connections === row.connections);
    lines.push(
      `| ${row.connections} | ${row.target} | ${row.rps} | ${row.p50} | ${row.p99} | ${row.errors + row.non2xx} | ` +
        `${Math.round((row.rps / nginx.rps) * 100)}% | +${row.p99 - direct.p99} ms |`,
    );
  }
  const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;
  lines.push(
    '',
    `RSS of plugboard (cache off) during ${report.rss.seconds} s at concurrency 32 (${report.rss.load.rps} rps): ` +
      `${mb(report.rss.firstKb)} at start, ${mb(report.rss.afterTenSecondsKb)} after 10 s, ` +
      `${mb(report.rss.lastKb)} at the end, max ${mb(report.rss.maxKb)}.`,
    '',
  );
  return lines.join('\n');
}

async function main() {
  const database = `plugboard_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const databaseUrl = Object.assign(new URL(SERVER), { pathname: `/${database}` }).toString();
  try {
    const upstream = start(process.execPath, [path.join(here, 'upstream.mjs'), '0']);
    const upstreamPort = await new Promise((resolve) =>
      upstream.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim()))),
    );
    const upstreamUrl = `http://127.0.0.1:${upstreamPort}`;
    const nginxPort = await freePort();
    const nginx = startNginx(upstreamPort, nginxPort);
    await waitFor(`http://127.0.0.1:${nginxPort}/`, nginx);

    const plain = await startPlugboard(databaseUrl, 0);
    const cached = await startPlugboard(databaseUrl, 2000);
    const targets = {
      direct: {
        url: `${upstreamUrl}/v1/items?limit=3`,
        headers: { authorization: 'Bearer bench-access-token' },
      },
      nginx: {
        url: `http://127.0.0.1:${nginxPort}/v1/items?limit=3`,
        headers: { authorization: 'Bearer x' },
      },
      'plugboard (cache off)': await seedWorker(plain.baseUrl, upstreamUrl),
      'plugboard (cache 2 s)': await seedWorker(cached.baseUrl, upstreamUrl),
    };

    const loadBefore = os.loadavg();
    const rows = [];
    for (const connections of CONCURRENCY) {
      const samples = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
      for (const [, target] of Object.entries(targets)) await load(target, connections, 2); // warm-up
      for (let round = 0; round < ROUNDS; round++) {
        for (const [name, target] of Object.entries(targets)) {
          const result = await load(target, connections, DURATION);
          log(`${name} c=${connections} round ${round + 1}: ${JSON.stringify(result)}`);
          samples[name].push(result);
        }
      }
      for (const [name, results] of Object.entries(samples)) {
        rows.push({ target: name, connections, ...medianOf(results), rounds: results });
      }
    }
    const loadAfter = os.loadavg();

    log(`RSS run: ${RSS_SECONDS} s at concurrency 32 against plugboard (cache off)`);
    const samples = [];
    const sampler = setInterval(() => samples.push(rssKb(plain.child.pid)), 1000);
    samples.push(rssKb(plain.child.pid));
    const rssLoad = await load(targets['plugboard (cache off)'], 32, RSS_SECONDS);
    clearInterval(sampler);
    samples.push(rssKb(plain.child.pid));

    const report = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
      nginx: spawnSync('nginx', ['-v'], { encoding: 'utf8' }).stderr.trim(),
      autocannon: createRequire(import.meta.url)('autocannon/package.json').version,
      durationSeconds: DURATION,
      rounds: ROUNDS,
      loadAverage: { before: loadBefore, after: loadAfter },
      rows,
      rss: {
        seconds: RSS_SECONDS,
        load: rssLoad,
        firstKb: samples[0],
        afterTenSecondsKb: samples[Math.min(10, samples.length - 1)],
        lastKb: samples[samples.length - 1],
        maxKb: Math.max(...samples),
        samplesKb: samples,
      },
    };
    fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'bench', 'results', 'secret-proxy.json'),
      `${JSON.stringify(report, null, 2)}\n`,
    );
    fs.writeFileSync(path.join(root, 'bench', 'results', 'secret-proxy.md'), toMarkdown(report));
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    for (const child of children.reverse()) await stop(child);
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch(async (error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  for (const child of children) await stop(child).catch(() => undefined);
  process.exit(1);
});
