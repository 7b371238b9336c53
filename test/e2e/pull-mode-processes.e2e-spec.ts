import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { startApp, TEST_ADMIN_KEY, testEnv, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { FakeSlack } from '../support/fake-slack';
import { FakeTokenEndpoint, startFakeTokenEndpoint } from '../support/fake-token-endpoint';
import { http } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { PlugboardProcess, spawnPlugboard, stopProcess, waitForStatus } from '../support/process';
import { ack, acceptWebhook, pull, seedPullIntegration } from '../support/pull';
import { seedIntegration, seedOrg } from '../support/seed';
import { waitUntil } from '../support/wait-until';

const REDIS_URL = 'redis://127.0.0.1:6379';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * How long after the accept's 202 reached the client a waiting long poll answered, `trials` times:
 * the poll goes to `pullTo`, the webhook to `acceptAt` (another process, or the same one).
 */
async function wakeLatencies(pullTo: string, acceptAt: string, trials: number): Promise<number[]> {
  const org = await seedOrg(acceptAt);
  const integration = await seedPullIntegration(acceptAt, org);
  const latencies: number[] = [];
  for (let trial = 0; trial < trials; trial++) {
    let answeredAt = 0;
    const waiting = pull(pullTo, org.id, integration.id, org.key, { waitSeconds: 20 }).then((answer) => {
      answeredAt = Date.now();
      return answer;
    });
    // the poll has found nothing and is waiting in memory by now
    await new Promise((resolve) => setTimeout(resolve, 300));
    const id = await acceptWebhook(acceptAt, integration.ingressPath, { trial });
    const acceptedAt = Date.now();
    const answer = await waiting;
    expect(answer.body.items.map((item) => item.deliveryId)).toEqual([id]);
    latencies.push(answeredAt - acceptedAt);
    await ack(acceptAt, org.id, integration.id, org.key, [answer.body.items[0].leaseId]);
  }
  return latencies;
}

describe('pull mode across processes', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  const processes: PlugboardProcess[] = [];

  beforeAll(async () => {
    t = await startApp({ LOG_LEVEL: 'info' });
  });
  afterAll(async () => {
    await Promise.all(processes.map((started) => stopProcess(started, 'SIGKILL')));
    await t.close();
    await closeSql();
  });

  it('a long poll answers within 50 ms of an accept, in the same process and in another one', async () => {
    const other = await spawnPlugboard(testEnv({ LOG_LEVEL: 'warn' }));
    processes.push(other);
    await waitForStatus(other, '/health/ready', 200, 60_000);

    const same = await wakeLatencies(t.baseUrl, t.baseUrl, 5);
    const across = await wakeLatencies(other.baseUrl, t.baseUrl, 5);
    console.log(`[pull wake] same process: ${same.join(', ')} ms; across processes: ${across.join(', ')} ms`);
    expect(median(same)).toBeLessThanOrEqual(50);
    expect(median(across)).toBeLessThanOrEqual(50);
    // a busy shared machine may stall one trial; none is a poll that slept on
    for (const latency of [...same, ...across]) expect(latency).toBeLessThan(250);
  });

  it('loses nothing when a puller is killed -9 mid-lease: the same deliveries come back after the lease', async () => {
    const org = await seedOrg(t.baseUrl);
    const integration = await seedPullIntegration(t.baseUrl, org);
    const ids = new Set<string>();
    for (let n = 0; n < 3; n++) ids.add(await acceptWebhook(t.baseUrl, integration.ingressPath, { n }));
    // a puller of its own: it pulls under a 5 s lease, prints what it got, and would work for a minute
    const script = `
      const answer = await fetch(process.env.PULL_URL, {
        method: 'POST',
        headers: { authorization: 'Bearer ' + process.env.KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ max: 10, leaseSeconds: 5 }),
      });
      const { items } = await answer.json();
      console.log(JSON.stringify(items.map((item) => item.deliveryId)));
      setTimeout(() => {}, 60_000);`;
    const puller = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH ?? '',
        PULL_URL: `${t.baseUrl}/v1/orgs/${org.id}/integrations/${integration.id}/deliveries/pull`,
        KEY: org.key,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const taken = await new Promise<string[]>((resolve) =>
      puller.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()))),
    );
    expect(new Set(taken)).toEqual(ids);
    const exited = new Promise((resolve) => puller.once('exit', resolve));
    puller.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    expect((await pull(t.baseUrl, org.id, integration.id, org.key)).body.items).toEqual([]);
    const again = await pull(t.baseUrl, org.id, integration.id, org.key, { waitSeconds: 15 });
    expect(new Set(again.body.items.map((item) => item.deliveryId))).toEqual(ids);
    console.log(
      `[pull kill -9] ${ids.size} deliveries pulled again ${Date.now() - killedAt} ms after the kill`,
    );
    const leaseIds = again.body.items.map((item) => item.leaseId);
    expect((await ack(t.baseUrl, org.id, integration.id, org.key, leaseIds)).body).toEqual({ acked: 3 });
  });
});

/** Long enough that a call stuck behind the polls cannot pass for one the machine merely stalled. */
const POLL_WAIT_SECONDS = 15;

describe('200 concurrent long polls', () => {
  jest.setTimeout(60_000);
  let t: TestApp;

  beforeAll(async () => {
    // a request timeout shorter than the polls' wait: a waiting poll has sent its whole request
    t = await startApp({ LOG_LEVEL: 'info', REQUEST_TIMEOUT_MS: '3000', RATE_LIMIT_API_PER_MINUTE: '0' });
  });
  afterAll(async () => {
    await t.close();
    await closeSql();
  });

  it('hold no database connection while they wait: other calls keep answering, and each delivery wakes one poll', async () => {
    const org = await seedOrg(t.baseUrl);
    const integrations = await Promise.all([0, 1, 2, 3].map(() => seedPullIntegration(t.baseUrl, org)));
    const started = Date.now();
    const polls = Array.from({ length: 200 }, (_, index) =>
      pull(t.baseUrl, org.id, integrations[index % 4].id, org.key, { waitSeconds: POLL_WAIT_SECONDS }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const [{ count: connections }] = await sql<{ count: number }>(
      `SELECT count(*)::int AS count FROM pg_stat_activity
        WHERE datname = current_database() AND state = 'active' AND backend_type = 'client backend'`,
    );
    const latencies: number[] = [];
    for (let call = 0; call < 20; call++) {
      const before = Date.now();
      const answer = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/integrations`, { key: org.key });
      latencies.push(Date.now() - before);
      expect(answer.status).toBe(200);
    }
    const id = await acceptWebhook(t.baseUrl, integrations[0].ingressPath, { one: 'for one poll' });
    const answers = await Promise.all(polls);
    const elapsed = Date.now() - started;
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const delivered = answers.flatMap((answer) => answer.body.items.map((item) => item.deliveryId));
    expect(delivered).toEqual([id]);
    expect(elapsed).toBeGreaterThan(POLL_WAIT_SECONDS * 1000 - 100);
    expect(elapsed).toBeLessThan(POLL_WAIT_SECONDS * 1000 + 15_000);
    console.log(
      `[pull 200 polls] other API calls while 200 polls waited: median ${median(latencies)} ms, ` +
        `max ${Math.max(...latencies)} ms; active database sessions ${connections}; all answered after ${elapsed} ms`,
    );
    expect(median(latencies)).toBeLessThan(100);
    // none waits for the polls to end: a call that did would last until they end, 15 s after they
    // started (these calls begin 1 s in and take a few seconds at most together), so 10 s or more; a
    // busy 2-core machine has stalled a single call for 4.3 s (with 5 s polls this bound was 3.5 s)
    expect(Math.max(...latencies)).toBeLessThan(8_000);
  });
});

describe('pull mode with Redis: the BullMQ consumer and the outbox leave pulled rows alone', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let slack: FakeSlack;
  let tokenEndpoint: FakeTokenEndpoint;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    tokenEndpoint = await startFakeTokenEndpoint();
    t = await startApp({ REDIS_URL, QUEUE_PREFIX: `pull-${randomUUID().slice(0, 8)}` });
  });
  afterAll(async () => {
    await t.close();
    await slack.stop();
    await tokenEndpoint.close();
    await closeSql();
  });

  it('never POSTs a pulled delivery, past the outbox grace too; the agent pulls it', async () => {
    const org = await seedOrg(t.baseUrl);
    const integration = await seedPullIntegration(t.baseUrl, org);
    const id = await acceptWebhook(t.baseUrl, integration.ingressPath, { via: 'redis' });
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    const [row] = await sql(`SELECT status, attempts, lease_token FROM deliveries WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'RECEIVED', attempts: 0, lease_token: null });
    const items = (await pull(t.baseUrl, org.id, integration.id, org.key)).body.items;
    expect(items.map((item) => item.deliveryId)).toEqual([id]);
  });

  it('hands an interaction answer (interaction.answered) to the pulling agent the same way', async () => {
    const org = await seedOrg(t.baseUrl);
    const provider = await createProvider(t.baseUrl, org, {
      tokenUrl: tokenEndpoint.url,
      apiBaseUrl: slack.apiBaseUrl,
      errorStyle: 'slack',
    });
    const connection = await importConnection(t.baseUrl, org, provider.key, {
      accessToken: `xoxb-${randomUUID()}`,
      refreshToken: `xoxe-${randomUUID()}`,
      expiresIn: 3600,
    });
    const integration = await seedIntegration(t.baseUrl, org, {
      plugin: 'slack',
      deliveryMode: 'pull',
      deliveryUrl: undefined,
      connectionIds: [connection.id],
      ingress: { scheme: 'slack', secret: `slack-signing-${randomUUID()}` },
    });
    const interactionId = `refund-${randomUUID()}`;
    const asked = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/interactions`, {
      key: org.key,
      body: {
        id: interactionId,
        integrationId: integration.id,
        connectionId: connection.id,
        expectedUserId: 'U_ALICE',
        channel: 'C_REFUNDS',
        question: 'Refund order 1182?',
        options: ['Yes', 'No'],
      },
    });
    expect(asked.status).toBe(201);
    const waiting = pull(t.baseUrl, org.id, integration.id, TEST_ADMIN_KEY, { waitSeconds: 10 });
    const answered = await http(
      t.baseUrl,
      'POST',
      `/v1/orgs/${org.id}/interactions/${interactionId}/answer`,
      {
        key: org.key,
        body: { connectionId: connection.id, userId: 'U_ALICE', answer: 'Yes' },
      },
    );
    expect(answered.status).toBe(200);
    const { items } = (await waiting).body;
    expect(items).toHaveLength(1);
    expect(items[0].body).toEqual({
      type: 'interaction.answered',
      interactionId,
      userId: 'U_ALICE',
      answer: 'Yes',
      answeredAt: expect.any(String),
    });
    await ack(t.baseUrl, org.id, integration.id, org.key, [items[0].leaseId]);
    const delivered = await waitUntil(
      () =>
        http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/ingress/deliveries/${items[0].deliveryId}`, {
          key: org.key,
        }),
      (answer) => answer.body.status === 'DELIVERED',
    );
    expect(delivered.body).toMatchObject({ status: 'DELIVERED', route: 'interaction.answered' });
  });
});
