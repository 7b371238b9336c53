import { randomUUID } from 'node:crypto';
import { testEnv } from '../support/app';
import { closeSql, sql } from '../support/db';
import {
  accepted,
  burstIntegration,
  deliveredIds,
  ingressBurst,
  postDelivery,
  outageDuringBurst,
} from '../support/ingress-burst';
import { OwnRedis } from '../support/own-services';
import {
  freePort,
  PlugboardProcess,
  spawnPlugboard,
  stopProcess,
  waitForStatus,
  WORKER_JS,
} from '../support/process';
import { seedOrg } from '../support/seed';
import { WebhookReceiver } from '../support/webhook-receiver';

describe('chaos: Redis (a server of the test own) and workers dying', () => {
  jest.setTimeout(150_000);
  let redis: OwnRedis;
  let receiver: WebhookReceiver;
  const processes: PlugboardProcess[] = [];

  // one prefix for every process of the suite: API producers and workers must share the queue
  const queuePrefix = `chaos-${randomUUID().slice(0, 8)}`;
  const env = (extra: Record<string, string> = {}) =>
    testEnv({
      REDIS_URL: redis.url,
      QUEUE_PREFIX: queuePrefix,
      LOG_LEVEL: 'warn',
      DELIVERY_TIMEOUT_MS: '2000',
      DELIVERY_BACKOFF_MS: '200',
      DELIVERY_MAX_ATTEMPTS: '10',
      ...extra,
    });
  async function start(envVars: Record<string, string>, script?: string, health = '/health/ready') {
    const started = await spawnPlugboard(envVars, script);
    processes.push(started);
    await waitForStatus(started, health, 200, 60_000);
    return started;
  }

  beforeAll(async () => {
    redis = await OwnRedis.create();
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => {
    await Promise.all(processes.splice(0).map((started) => stopProcess(started, 'SIGKILL')));
    receiver.respondOk();
  });
  afterAll(async () => {
    await redis?.stop();
    await receiver?.close();
    await closeSql();
  });

  it('keeps accepting (outbox) while Redis is down and drains the backlog once it is back', async () => {
    const api = await start(env());
    const org = await seedOrg(api.baseUrl);
    const integration = await burstIntegration(api.baseUrl, org, receiver);

    const outage = outageDuringBurst({
      afterAnswers: 150,
      downMs: 4_000,
      stop: () => redis.stop(),
      start: () => redis.start(),
    });
    const answers: Array<{ during: boolean }> = [];
    const results = await ingressBurst({
      target: () => api.baseUrl,
      path: integration.ingressPath,
      count: 600,
      clients: 4,
      pauseMs: 5,
      onAnswer: (done) => {
        outage.trigger(done);
        answers.push({ during: outage.isDown });
      },
    });
    await outage.finished();
    // every request was accepted: Redis down costs no 2xx
    for (const result of results) expect([202]).toContain(result.status);
    const ok = accepted(results);
    expect(ok).toHaveLength(600);
    const duringOutage = answers.filter((entry) => entry.during).length;
    expect(duringOutage).toBeGreaterThan(0);

    await receiver.waitFor(() => {
      const delivered = deliveredIds(receiver, integration.receiverPath);
      return ok.every((result) => delivered.has(result.deliveryId!));
    }, 60_000);
    const drainedAt = Date.now();
    const [counts] = await sql(
      `SELECT count(*) FILTER (WHERE status = 'DELIVERED')::int AS delivered, count(*)::int AS total
         FROM deliveries WHERE integration_id = $1`,
      [integration.id],
    );
    expect(counts.total).toBe(600);
    console.log(
      `[chaos redis-restart] 600/600 accepted (202), ${duringOutage} of them while Redis was down (4 s), ` +
        `all delivered ${drainedAt - outage.upAt} ms after Redis came back; rows DELIVERED=${counts.delivered}`,
    );
  });

  it('delivers after a worker is killed -9 mid-delivery and a new worker starts: no lost delivery', async () => {
    const api = await start(env({ PROCESS_ROLE: 'api' }));
    const workerEnv = async () => {
      const port = String(await freePort());
      return env({ WORKER_PORT: port, PORT: port });
    };
    const worker = await start(await workerEnv(), WORKER_JS, '/health/ready');
    const org = await seedOrg(api.baseUrl);
    const integration = await burstIntegration(api.baseUrl, org, receiver);

    receiver.hang();
    const answer = await postDelivery(api.baseUrl, integration.ingressPath, '{"type":"chaos.hang"}');
    expect(answer.status).toBe(202);
    const id = answer.deliveryId!;
    await receiver.waitFor(() => receiver.countFor(id) === 1, 20_000);
    await stopProcess(worker, 'SIGKILL');
    receiver.respondOk();
    const [held] = await sql(`SELECT status FROM deliveries WHERE id = $1`, [id]);
    expect(held.status).not.toBe('DELIVERED');

    const killedAt = Date.now();
    await start(await workerEnv(), WORKER_JS, '/health/ready');
    // the hung POST was the first; a second one (same webhook-id) is the redelivery
    await receiver.waitFor(() => receiver.countFor(id) >= 2, 60_000);
    const redeliveredAfterMs = Date.now() - killedAt;
    let row = (await sql(`SELECT status, attempts FROM deliveries WHERE id = $1`, [id]))[0];
    for (let tries = 0; row.status !== 'DELIVERED' && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      row = (await sql(`SELECT status, attempts FROM deliveries WHERE id = $1`, [id]))[0];
    }
    expect(row.status).toBe('DELIVERED');
    // the same webhook-id both times: the receiver can dedupe
    expect(receiver.countFor(id)).toBeGreaterThanOrEqual(2);
    console.log(
      `[chaos worker-kill] delivery redelivered ${redeliveredAfterMs} ms after the worker was killed ` +
        `(POSTs=${receiver.countFor(id)}, attempts=${row.attempts})`,
    );
  });
});
