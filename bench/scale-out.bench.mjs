// Scale-out: ingress accepts/s with 1 vs 2 API processes (PROCESS_ROLE=api) + 1 worker
// (`node dist/worker.js`) on one PostgreSQL and one Redis. A closed-loop load of CLIENTS concurrent
// clients posts distinct bodies round-robin over the API processes for DURATION; every accepted
// delivery goes through the queue to a loopback receiver. The figure to read is the ratio: on a
// machine with C cores, API processes beyond C (minus PostgreSQL's and the worker's share) add nothing.
// Usage: npm run build && node bench/scale-out.bench.mjs [--quick]  (BENCH_REDIS_URL, default
// redis://127.0.0.1:6379; a fresh QUEUE_PREFIX per run keeps it apart from anything else there)
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  ADMIN_KEY,
  benchDatabase,
  histogram,
  loadAverage,
  machine,
  PLUGBOARD_ENV,
  QUICK,
  TARGET_ROOT,
  startBuiltApp,
  summarize,
  versions,
  writeBenchResult,
} from './lib.mjs';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DURATION_MS = QUICK ? 10_000 : 60_000;
const CLIENTS = QUICK ? 16 : 64;

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startWorker(env) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(TARGET_ROOT, 'dist', 'worker.js')], {
    env: {
      PATH: process.env.PATH,
      ...PLUGBOARD_ENV,
      ADMIN_API_KEY: ADMIN_KEY,
      ENCRYPTION_KEYS: `bench1:${Buffer.alloc(32, 3).toString('base64')}`,
      LOG_LEVEL: 'warn',
      ALLOW_PRIVATE_UPSTREAMS: 'true',
      WORKER_PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200) break;
    } catch {
      // starting
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { close: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))) };
}

async function redisUp() {
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

async function scenario(apiCount, receiver) {
  const db = await benchDatabase(`scale${apiCount}`);
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: `bench-scale-${apiCount}-${Date.now()}`,
    PROCESS_ROLE: 'api',
  };
  const apis = [];
  for (let i = 0; i < apiCount; i++) apis.push(await startBuiltApp(env));
  const workerEnv = { ...env };
  delete workerEnv.PROCESS_ROLE;
  const worker = await startWorker(workerEnv);
  try {
    const base = apis[0].baseUrl;
    const post = (pathname, key, body) =>
      fetch(`${base}${pathname}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((response) => response.json());
    const org = await post('/v1/orgs', ADMIN_KEY, { name: 'scale' });
    const { key } = await post(`/v1/orgs/${org.id}/api-keys`, ADMIN_KEY, {});
    // plugboard adds an unguessable suffix to the chosen instance id: post to the one it answers
    const integration = await post(`/v1/orgs/${org.id}/integrations`, key, {
      name: 'scale',
      plugin: 'generic',
      instanceId: 'scale-1',
      deliveryUrl: `${receiver.url}/hooks`,
      ingress: { scheme: 'none' },
    });
    receiver.count = 0;
    const latencies = [];
    const statuses = {};
    let n = 0;
    const until = performance.now() + DURATION_MS;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < until) {
          const index = n++;
          const started = performance.now();
          try {
            const response = await fetch(
              `${apis[index % apiCount].baseUrl}/ingress/generic/${integration.instanceId}/events`,
              {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ type: 'scale.event', n: index }),
              },
            );
            await response.arrayBuffer();
            statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          } catch {
            statuses.error = (statuses.error ?? 0) + 1;
          }
          latencies.push(performance.now() - started);
        }
      }),
    );
    const accepted = statuses[202] ?? 0;
    const drainStarted = performance.now();
    while (receiver.count < accepted && performance.now() - drainStarted < 60_000)
      await new Promise((resolve) => setTimeout(resolve, 100));
    return {
      apiProcesses: apiCount,
      acceptsPerSecond: Math.round((accepted / DURATION_MS) * 1000),
      statuses,
      latencyMs: summarize(latencies),
      latencies,
      delivered: receiver.count,
      drainMs: Math.round(performance.now() - drainStarted),
    };
  } finally {
    await worker.close();
    for (const api of apis) await api.close();
    await db.drop();
  }
}

async function main() {
  const startedAt = machine();
  const loadBefore = loadAverage();
  if (!(await redisUp())) {
    console.error(`scale-out: Redis not reachable at ${REDIS_URL}; set BENCH_REDIS_URL`);
    process.exit(1);
  }
  const receiver = { count: 0 };
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      receiver.count += 1;
      response.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${server.address().port}`;
  try {
    const one = await scenario(1, receiver);
    const two = await scenario(2, receiver);
    const m = startedAt;
    const ratio = Math.round((two.acceptsPerSecond / Math.max(1, one.acceptsPerSecond)) * 100) / 100;
    const result = {
      benchmark: 'scale-out',
      machine: m,
      loadAverage: { before: loadBefore, after: loadAverage() },
      generator: `fetch (undici) in the benchmark process, ${CLIENTS} closed-loop clients`,
      versions: await versions(['redis']),
      durationMs: DURATION_MS,
      clients: CLIENTS,
      runs: [one, two].map((run) => ({ ...run, latencies: undefined })),
      figures: [
        {
          figure: 'ingress accepts/s, 2 API processes + 1 worker',
          value: two.acceptsPerSecond,
          unit: '/s',
          baseline: one.acceptsPerSecond,
          baselineLabel: '1 API process + 1 worker',
        },
        { figure: `scale-out ratio 2 vs 1 API processes (${m.cpus} cores)`, value: ratio, unit: '×' },
        {
          figure: 'ingress accept p99, 2 API processes',
          value: two.latencyMs.p99,
          unit: 'ms',
          baseline: one.latencyMs.p99,
          baselineLabel: '1 API process',
        },
      ],
      distributions: {
        'accept latency, 1 API': histogram(one.latencies),
        'accept latency, 2 API': histogram(two.latencies),
      },
    };
    const markdown = `# Scale-out${QUICK ? ' (quick)' : ''}

${m.date} · commit ${m.commit} · **${m.cpus} cores** (${m.cpuModel}), ${m.memoryGiB} GiB · Node ${m.node} · ${m.postgres}

${CLIENTS} closed-loop clients post distinct ingress deliveries (scheme \`none\`) round-robin over the API
processes for ${DURATION_MS / 1000} s; 1 \`node dist/worker.js\` consumes the BullMQ queue and POSTs each to a
loopback receiver. PostgreSQL, Redis, the load generator and the receiver share the same ${m.cpus} cores,
so on this machine a second API process mostly competes with them for CPU.

| API processes | accepts/s | accept p50 / p99 ms | answers | delivered (drain after load) |
|---|---|---|---|---|
${[one, two]
  .map(
    (run) =>
      `| ${run.apiProcesses} | ${run.acceptsPerSecond} | ${run.latencyMs.p50} / ${run.latencyMs.p99} | ${JSON.stringify(run.statuses)} | ${run.delivered} (${run.drainMs} ms) |`,
  )
  .join('\n')}

Ratio 2 vs 1: **${ratio}×**.
`;
    writeBenchResult('scale-out', result, markdown);
    process.stdout.write(markdown);
  } finally {
    server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
