import * as net from 'node:net';
import { Client } from 'undici';
import { testEnv } from '../support/app';
import { closeSql } from '../support/db';
import { EchoUpstream } from '../support/echo-upstream';
import { http } from '../support/http';
import { freePort, PlugboardProcess, spawnPlugboard, stopProcess, waitForStatus } from '../support/process';
import { childrenOf, connectionsHeld, isAlive } from '../support/processes';
import { connectWorker } from '../support/secret-proxy-harness';
import { waitUntil } from '../support/wait-until';

/** `PROCESSES=2`: one command, a primary and two plugboard processes sharing the port. */
describe('PROCESSES: several plugboard processes on one port', () => {
  jest.setTimeout(120_000);
  afterAll(() => closeSql());

  async function startCluster(): Promise<PlugboardProcess> {
    const started = await spawnPlugboard(testEnv({ LOG_LEVEL: 'warn', PROCESSES: '2' }));
    await waitForStatus(started, '/health/ready', 200, 60_000);
    // ready means one process answers; the primary announces itself once both listen
    await waitUntil(
      async () => started.output(),
      (output) => output.includes('2 processes'),
      { timeoutMs: 60_000 },
    );
    return started;
  }

  const processesInMetrics = async (target: PlugboardProcess): Promise<number | undefined> => {
    const metrics = await http(target.baseUrl, 'GET', '/metrics');
    const line = /^plugboard_processes (\d+)$/m.exec(metrics.text);
    return line ? Number(line[1]) : undefined;
  };

  /** One keep-alive connection per client, opened together until both processes hold some. */
  async function connectionsOnEveryProcess(target: PlugboardProcess, pids: number[]): Promise<Client[]> {
    const clients: Client[] = [];
    for (let round = 0; round < 10; round++) {
      const batch = Array.from({ length: 8 }, () => new Client(target.baseUrl, { keepAliveTimeout: 60_000 }));
      await Promise.all(
        batch.map(async (client) =>
          (await client.request({ method: 'GET', path: '/health/live' })).body.dump(),
        ),
      );
      clients.push(...batch);
      const held = connectionsHeld(pids, target.port);
      if (pids.every((pid) => (held.get(pid) ?? 0) > 0)) return clients;
    }
    throw new Error(
      `not every process took a connection: ${JSON.stringify([...connectionsHeld(pids, target.port)])}`,
    );
  }

  it('serves from both processes, sums their metrics, replaces one that dies and stops them all on SIGTERM', async () => {
    const cluster = await startCluster();
    const pids = childrenOf(cluster.child.pid!);
    expect(pids).toHaveLength(2);
    const clients = await connectionsOnEveryProcess(cluster, pids);
    await Promise.all(clients.map((client) => client.close()));

    // a scrape lands on one process and still covers both (a single process's registry says 1)
    expect(await processesInMetrics(cluster)).toBe(2);
    const counted = await http(cluster.baseUrl, 'GET', '/metrics');
    const liveCalls =
      /^http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_code="200"\} (\d+)$/m.exec(
        counted.text,
      );
    expect(Number(liveCalls?.[1])).toBe(clients.length);

    process.kill(pids[0], 'SIGKILL');
    const replaced = await waitUntil(
      async () => childrenOf(cluster.child.pid!),
      (now) => now.length === 2 && !now.includes(pids[0]),
      { timeoutMs: 30_000 },
    );
    expect(replaced).toHaveLength(2);
    expect(replaced).toContain(pids[1]);
    expect(
      await waitUntil(
        () => processesInMetrics(cluster),
        (count) => count === 2,
        { timeoutMs: 30_000 },
      ),
    ).toBe(2);
    expect(cluster.output()).toContain(
      `plugboard process ${pids[0]} exited (signal SIGKILL); starting another`,
    );

    expect(await stopProcess(cluster, 'SIGTERM')).toBe(0);
    expect(replaced.filter(isAlive)).toEqual([]);
  });

  it('refuses a deleted worker token in every process within a second; the upstream gets nothing after', async () => {
    const upstream = await EchoUpstream.start();
    const cluster = await startCluster();
    const clients: Client[] = [];
    try {
      const worker = await connectWorker(cluster.baseUrl, {
        apiBaseUrl: upstream.url,
        tokenUrl: 'http://127.0.0.1:9/token',
      });
      const proxied = async (client: Client) => {
        const answer = await client.request({
          method: 'GET',
          path: `/proxy/${worker.providerKey}/items`,
          headers: {
            'proxy-authorization': `Bearer ${worker.token}`,
            authorization: `Bearer ${worker.placeholder}`,
          },
        });
        await answer.body.dump();
        return answer.statusCode;
      };

      // every connection warms the caches of the process holding it
      const pids = childrenOf(cluster.child.pid!);
      clients.push(...(await connectionsOnEveryProcess(cluster, pids)));
      expect(await Promise.all(clients.map(proxied))).toEqual(clients.map(() => 200));
      const forwarded = upstream.count;
      expect(forwarded).toBe(clients.length);

      const deleted = await http(
        cluster.baseUrl,
        'DELETE',
        `/v1/orgs/${worker.org.id}/agents/${worker.agentId}/worker-tokens/${worker.tokenId}`,
        { key: worker.org.key },
      );
      expect(deleted.status).toBe(204);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await Promise.all(clients.map(proxied))).toEqual(clients.map(() => 401));
      expect(upstream.count).toBe(forwarded);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await stopProcess(cluster, 'SIGTERM');
      await upstream.close();
    }
  });

  it('exits 1 and leaves no process behind when its processes cannot listen', async () => {
    const port = await freePort();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '0.0.0.0', resolve));
    try {
      const cluster = await spawnPlugboard(
        testEnv({ LOG_LEVEL: 'warn', PROCESSES: '2', PORT: String(port) }),
      );
      let seen: number[] = [];
      const watch = setInterval(() => {
        seen = [...new Set([...seen, ...childrenOf(cluster.child.pid!)])];
      }, 50);
      const code = await cluster.exited;
      clearInterval(watch);
      expect(code).toBe(1);
      expect(cluster.output()).toContain('start-up failed');
      expect(cluster.output()).toContain('EADDRINUSE');
      expect(seen.filter(isAlive)).toEqual([]);
    } finally {
      squatter.close();
    }
  });
});
