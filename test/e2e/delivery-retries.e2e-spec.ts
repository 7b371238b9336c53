import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { startApp, testEnv, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { http } from '../support/http';
import {
  freePort,
  PlugboardProcess,
  spawnPlugboard,
  stopProcess,
  waitForStatus,
  WORKER_JS,
} from '../support/process';
import { seedIntegration, seedOrg, SeededOrg } from '../support/seed';
import { waitUntil } from '../support/wait-until';
import { WebhookReceiver } from '../support/webhook-receiver';

const REDIS_URL = 'redis://127.0.0.1:6379';

async function receiverIntegration(baseUrl: string, org: SeededOrg, receiver: WebhookReceiver) {
  const path = `hooks-${randomUUID().slice(0, 8)}`;
  const integration = await seedIntegration(baseUrl, org, { deliveryUrl: receiver.url(path) });
  receiver.setSecret(path, integration.deliverySecret);
  return { ...integration, path, ingressPath: `/ingress/generic/${integration.instanceId}/events` };
}

async function accept(baseUrl: string, ingressPath: string, body: string): Promise<string> {
  const answer = await http(baseUrl, 'POST', ingressPath, {
    raw: body,
    headers: { 'content-type': 'application/json' },
  });
  expect(answer.status).toBe(202);
  return answer.body.deliveryId;
}

const row = async (id: string) => (await sql(`SELECT * FROM deliveries WHERE id = $1`, [id]))[0];

describe("retries: a receiver's Retry-After", () => {
  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    // a backoff of 20 ms: any wait of seconds below can only come from the receiver's Retry-After
    t = await startApp({ DELIVERY_BACKOFF_MS: '20', DELIVERY_MAX_ATTEMPTS: '3' });
    receiver = await WebhookReceiver.start();
  });
  afterEach(() => receiver.respondOk());
  afterAll(async () => {
    await t.close();
    await receiver.close();
    await closeSql();
  });

  async function retriedAfter(
    status: number,
    retryAfter: () => string,
  ): Promise<{ gapMs: number; nextAttemptAt: string }> {
    const org = await seedOrg(t.baseUrl);
    const integration = await receiverIntegration(t.baseUrl, org, receiver);
    receiver.respondWith(status, { 'retry-after': retryAfter() });
    const id = await accept(t.baseUrl, integration.ingressPath, `{"n":"${randomUUID()}"}`);
    await receiver.waitFor(() => receiver.countFor(id) === 1);
    receiver.respondOk();
    const waiting = await waitUntil(
      () => http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/ingress/deliveries/${id}`, { key: org.key }),
      (answer) => answer.body.attempts === 1 && answer.body.lastError !== null,
    );
    expect(waiting.body).toMatchObject({ status: 'QUEUED', lastError: `receiver answered HTTP ${status}` });
    await receiver.waitFor(() => receiver.countFor(id) === 2, 10_000);
    const [first, second] = receiver.received.filter((delivery) => delivery.webhookId === id);
    // the receiver counts a POST when it arrives; the outcome is stored after its answer
    const delivered = await waitUntil(
      () => row(id),
      (stored) => stored.status === 'DELIVERED',
    );
    expect(delivered.status).toBe('DELIVERED');
    return { gapMs: second.at - first.at, nextAttemptAt: waiting.body.nextAttemptAt };
  }

  it('waits the seconds a 503 asks for instead of the backoff, and shows when in nextAttemptAt', async () => {
    const before = Date.now();
    const { gapMs, nextAttemptAt } = await retriedAfter(503, () => '2');
    expect(gapMs).toBeGreaterThanOrEqual(1_900);
    expect(gapMs).toBeLessThan(4_000);
    const due = Date.parse(nextAttemptAt) - before;
    expect(due).toBeGreaterThanOrEqual(1_900);
    expect(due).toBeLessThan(4_000);
  });

  it('waits until the HTTP date a 429 names', async () => {
    const { gapMs } = await retriedAfter(429, () => new Date(Date.now() + 3_000).toUTCString());
    // the date has a resolution of one second
    expect(gapMs).toBeGreaterThanOrEqual(1_900);
    expect(gapMs).toBeLessThan(5_000);
  });

  it('keeps the backoff when the receiver sends no Retry-After', async () => {
    const org = await seedOrg(t.baseUrl);
    const integration = await receiverIntegration(t.baseUrl, org, receiver);
    receiver.respondWith(500);
    const id = await accept(t.baseUrl, integration.ingressPath, `{"n":"${randomUUID()}"}`);
    await receiver.waitFor(() => receiver.countFor(id) === 3);
    const posts = receiver.received.filter((delivery) => delivery.webhookId === id);
    expect(posts[2].at - posts[0].at).toBeLessThan(1_500);
    expect(
      (
        await waitUntil(
          () => row(id),
          (stored) => stored.status === 'DEAD',
        )
      ).status,
    ).toBe('DEAD');
  });
});

describe('retries survive a restart of every process (they live in PostgreSQL)', () => {
  jest.setTimeout(120_000);
  let receiver: WebhookReceiver;
  const processes: PlugboardProcess[] = [];

  async function start(env: Record<string, string>, script?: string): Promise<PlugboardProcess> {
    const started = await spawnPlugboard(env, script);
    processes.push(started);
    await waitForStatus(started, '/health/ready', 200, 60_000);
    return started;
  }

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => {
    await Promise.all(processes.splice(0).map((started) => stopProcess(started, 'SIGKILL')));
    receiver.respondOk();
  });
  afterAll(async () => {
    await receiver.close();
    await closeSql();
  });

  async function failOnceThenKill(api: PlugboardProcess, killAll: () => Promise<void>) {
    const org = await seedOrg(api.baseUrl);
    const integration = await receiverIntegration(api.baseUrl, org, receiver);
    receiver.respondWith(500);
    const id = await accept(api.baseUrl, integration.ingressPath, '{"restart":1}');
    await receiver.waitFor(() => receiver.countFor(id) === 1, 20_000);
    const waiting = await waitUntil(
      () => row(id),
      (stored) => stored.attempts === 1 && stored.next_attempt_at !== null && stored.lease_token === null,
    );
    expect(waiting.status).toBe('QUEUED');
    await killAll();
    receiver.respondOk();
    return id;
  }

  it('without Redis: the process is killed -9 while a retry waits; a new process sends it when due', async () => {
    const env = testEnv({ LOG_LEVEL: 'warn', DELIVERY_BACKOFF_MS: '3000' });
    const api = await start(env);
    const id = await failOnceThenKill(api, () => stopProcess(api, 'SIGKILL').then(() => undefined));
    await start(env);
    await receiver.waitFor(() => receiver.countFor(id) === 2, 30_000);
    const delivered = await waitUntil(
      () => row(id),
      (stored) => stored.status === 'DELIVERED',
    );
    expect(delivered).toMatchObject({ status: 'DELIVERED', attempts: 2 });
    const [first, second] = receiver.received.filter((delivery) => delivery.webhookId === id);
    expect(second.at - first.at).toBeGreaterThanOrEqual(2_900);
  });

  it('with Redis: API and worker are killed -9 and the queue is wiped; the retry still comes from PostgreSQL', async () => {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
    try {
      await redis.connect();
    } catch {
      throw new Error(`this suite needs Redis at ${REDIS_URL}`);
    }
    const queuePrefix = `retries-${randomUUID().slice(0, 8)}`;
    const env = (extra: Record<string, string> = {}) =>
      testEnv({
        LOG_LEVEL: 'warn',
        REDIS_URL,
        QUEUE_PREFIX: queuePrefix,
        DELIVERY_BACKOFF_MS: '3000',
        ...extra,
      });
    const workerEnv = async () => {
      const port = String(await freePort());
      return env({ WORKER_PORT: port, PORT: port });
    };
    try {
      const api = await start(env({ PROCESS_ROLE: 'api' }));
      const worker = await start(await workerEnv(), WORKER_JS);
      const id = await failOnceThenKill(api, async () => {
        await Promise.all([stopProcess(api, 'SIGKILL'), stopProcess(worker, 'SIGKILL')]);
        // the delayed job of the retry is gone with the queue: only the row remembers it
        const keys = await redis.keys(`${queuePrefix}:*`);
        if (keys.length > 0) await redis.del(...keys);
      });
      await start(env({ PROCESS_ROLE: 'api' }));
      await start(await workerEnv(), WORKER_JS);
      await receiver.waitFor(() => receiver.countFor(id) === 2, 30_000);
      const delivered = await waitUntil(
        () => row(id),
        (stored) => stored.status === 'DELIVERED',
      );
      expect(delivered).toMatchObject({ status: 'DELIVERED', attempts: 2 });
    } finally {
      const keys = await redis.keys(`${queuePrefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });
});
