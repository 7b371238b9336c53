// Load generators: autocannon (in this process), wrk (its own process), pgbench, and fetch bursts and
// closed loops. Every runner reports the same shape, including how many CPU cores the generator
// itself used: on a 2-core machine the generator competes with what it measures.
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { summarize } from '../lib.mjs';

const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Load for `seconds` with `connections` keep-alive connections (closed loop, one request in flight
 * per connection). `request()`, when given, builds each request (`{headers, body}`): every request
 * can then carry a new body and signature. Latencies are whole milliseconds (autocannon's histogram).
 */
export async function autocannonLoad({
  url,
  method = 'GET',
  headers = {},
  body,
  request,
  connections,
  seconds,
}) {
  const options = { url, connections, duration: seconds, pipelining: 1, timeout: 10 };
  if (request) {
    options.requests = [
      {
        method,
        setupRequest: (raw) => {
          const next = request();
          return { ...raw, method, headers: { ...raw.headers, ...next.headers }, body: next.body };
        },
      },
    ];
  } else Object.assign(options, { method, headers, body });
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon(options);
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const ok = result['2xx'];
  return {
    generator: 'autocannon',
    connections,
    seconds: round(result.duration),
    ok,
    rps: Math.round(ok / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count]),
    ),
    generatorCores: round((cpu.user + cpu.system) / 1e6 / wallSeconds),
  };
}

let wrkFound;
export function wrkInstalled() {
  if (wrkFound === undefined) {
    try {
      execFileSync('wrk', ['-v'], { stdio: 'pipe' });
      wrkFound = true;
    } catch (error) {
      // `wrk -v` prints its version and exits 1
      wrkFound = /wrk/.test(String(error.stdout ?? '')) || /wrk/.test(String(error.stderr ?? ''));
    }
  }
  return wrkFound;
}

/** CPU seconds of this process's children that have exited (user + system, /proc/self/stat). */
function exitedChildrenCpuSeconds() {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // fields 16 and 17 of proc(5): cutime, cstime, in clock ticks (100 per second on Linux)
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function toMs(text) {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (!match) return null;
  const factor = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[match[2]];
  return round(Number(match[1]) * factor, 3);
}

/**
 * wrk in its own process (C, epoll, 1-2 threads): several times cheaper per request than autocannon,
 * so on 2 cores it leaves the target most of the CPU. Latencies to the microsecond. GET only.
 */
export async function wrkLoad({ url, headers = {}, connections, seconds }) {
  const threads = Math.min(2, connections);
  const args = [
    '-t',
    String(threads),
    '-c',
    String(connections),
    '-d',
    `${seconds}s`,
    '--timeout',
    '10s',
    '--latency',
  ];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  args.push(url);
  const cpuBefore = exitedChildrenCpuSeconds();
  const started = performance.now();
  const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise((resolve) => child.once('close', resolve));
  const wallSeconds = (performance.now() - started) / 1000;
  const total = /(\d+) requests in ([\d.]+)(\w+),/.exec(output);
  if (code !== 0 || !total) throw new Error(`wrk failed (exit ${code}):\n${output}`);
  const duration = toMs(`${total[2]}${total[3]}`) / 1000;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const errors = socket ? socket.slice(1).reduce((sum, value) => sum + Number(value), 0) : 0;
  const ok = Number(total[1]) - non2xx;
  const latency = (label) => toMs(new RegExp(`^\\s+${label}%\\s+(\\S+)`, 'm').exec(output)?.[1] ?? '');
  const max = toMs(/Latency\s+\S+\s+\S+\s+(\S+)/.exec(output)?.[1] ?? '');
  return {
    generator: 'wrk',
    connections,
    seconds: round(duration),
    ok,
    rps: Math.round(ok / duration),
    p50: latency(50),
    p99: latency(99),
    max,
    non2xx,
    errors,
    generatorCores: round((exitedChildrenCpuSeconds() - cpuBefore) / wallSeconds),
  };
}

/**
 * The generator for a GET load: `--generator wrk|autocannon`; by default wrk when it is installed
 * (see bench/README.md, "Load generators"), else autocannon.
 */
export function getLoad(choice) {
  const generator = choice ?? (wrkInstalled() ? 'wrk' : 'autocannon');
  if (generator === 'wrk' && !wrkInstalled()) throw new Error('--generator wrk: wrk is not on PATH');
  return { generator, run: generator === 'wrk' ? wrkLoad : autocannonLoad };
}

/**
 * pgbench running `sql` with `clients` connections for `seconds` (no vacuum, the simple protocol
 * unless `protocol` says `prepared`, min(clients, 2) threads); returns tps, average latency and the
 * generator's CPU.
 */
export async function pgbench({ databaseUrl, sql, clients, seconds, protocol = 'simple' }) {
  const script = path.join(os.tmpdir(), `plugboard-bench-${process.pid}-${Date.now()}.sql`);
  fs.writeFileSync(script, `${sql}\n`);
  const url = new URL(databaseUrl);
  const args = [
    '-n',
    '-M',
    protocol,
    '-c',
    String(clients),
    '-j',
    String(Math.min(clients, 2)),
    '-T',
    String(seconds),
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
  const cpuBefore = exitedChildrenCpuSeconds();
  const started = performance.now();
  const child = spawn('pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise((resolve) => child.once('close', resolve));
  const wallSeconds = (performance.now() - started) / 1000;
  fs.rmSync(script, { force: true });
  const tps = /tps = ([\d.]+)/.exec(output);
  if (code !== 0 || !tps) throw new Error(`pgbench failed (exit ${code}):\n${output}`);
  return {
    generator: 'pgbench',
    clients,
    seconds,
    tps: Math.round(Number(tps[1])),
    transactions: Number(/number of transactions actually processed: (\d+)/.exec(output)?.[1] ?? 0),
    failed: Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0),
    latencyAverageMs: Number(/latency average = ([\d.]+) ms/.exec(output)?.[1] ?? NaN),
    generatorCores: round((exitedChildrenCpuSeconds() - cpuBefore) / wallSeconds),
  };
}

/**
 * `count` requests started at once with fetch (undici, one connection per request in flight),
 * spread round-robin over `urls`; each latency is measured by its caller.
 */
export async function burst(urls, count, init) {
  const samples = new Array(count);
  const statusCodes = {};
  await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const started = performance.now();
      let status = 'error';
      try {
        const response = await fetch(urls[index % urls.length], init);
        await response.arrayBuffer();
        status = response.status;
      } catch {
        // counted as an error below
      }
      samples[index] = performance.now() - started;
      statusCodes[status] = (statusCodes[status] ?? 0) + 1;
    }),
  );
  return { ...summarize(samples), statusCodes, samples };
}

/** `concurrency` callers each calling `call()` again as soon as it answers, until `until()` is false. */
export async function closedLoop({ concurrency, keepGoing, call }) {
  const samples = [];
  const statusCodes = {};
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (keepGoing()) {
        const started = performance.now();
        let status = 'error';
        try {
          status = await call();
        } catch {
          // counted as an error below
        }
        samples.push(performance.now() - started);
        statusCodes[status] = (statusCodes[status] ?? 0) + 1;
      }
    }),
  );
  return { samples, statusCodes };
}
