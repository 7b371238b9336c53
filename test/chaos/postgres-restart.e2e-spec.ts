import { TEST_ADMIN_KEY, TEST_ENCRYPTION_KEYS } from '../support/app';
import {
  accepted,
  burstIntegration,
  deliveredIds,
  ingressBurst,
  postDelivery,
  outageDuringBurst,
} from '../support/ingress-burst';
import { OwnPostgres } from '../support/own-services';
import { PlugboardProcess, spawnPlugboard, stopProcess, waitForStatus } from '../support/process';
import { seedOrg } from '../support/seed';
import { WebhookReceiver } from '../support/webhook-receiver';

describe('chaos: PostgreSQL restarted during an ingress burst (a server of the test own)', () => {
  jest.setTimeout(150_000);
  let postgres: OwnPostgres;
  let receiver: WebhookReceiver;
  let api: PlugboardProcess;

  beforeAll(async () => {
    postgres = await OwnPostgres.create();
    receiver = await WebhookReceiver.start();
    api = await spawnPlugboard({
      DATABASE_URL: postgres.url,
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
      ALLOW_PRIVATE_UPSTREAMS: 'true',
      LOG_LEVEL: 'warn',
      DELIVERY_TIMEOUT_MS: '2000',
      DELIVERY_BACKOFF_MS: '200',
      DELIVERY_MAX_ATTEMPTS: '10',
    });
    await waitForStatus(api, '/health/ready', 200, 90_000);
  });
  afterAll(async () => {
    if (api) await stopProcess(api, 'SIGKILL');
    await receiver?.close();
    await postgres?.destroy();
  });

  it('answers 503 (never 2xx) while the database is down, recovers without a restart, and delivers every 2xx', async () => {
    const org = await seedOrg(api.baseUrl);
    const integration = await burstIntegration(api.baseUrl, org, receiver);

    const outage = outageDuringBurst({
      afterAnswers: 150,
      downMs: 3_000,
      stop: () => postgres.stop(),
      start: () => postgres.start(),
    });
    const results = await ingressBurst({
      target: () => api.baseUrl,
      path: integration.ingressPath,
      count: 600,
      clients: 4,
      pauseMs: 5,
      onAnswer: outage.trigger,
    });
    await outage.finished();
    // requests keep going after the burst until the process answers 2xx again: no restart of plugboard
    const probeStarted = Date.now();
    for (;;) {
      const probe = await postDelivery(api.baseUrl, integration.ingressPath, `{"probe":${Date.now()}}`);
      if (probe.status === 202) break;
      expect(probe.status).toBe(503);
      if (Date.now() - probeStarted > 60_000) throw new Error('plugboard did not recover in 60 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const recoveredAfterMs = Date.now() - outage.downAt;

    const ok = accepted(results);
    const refused = results.filter((result) => result.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    // nothing but 2xx or 503 with the error shape: no 500, no hanging connection
    for (const result of results) {
      expect([200, 202, 503]).toContain(result.status);
      if (result.status === 503) expect(result.errorCode).toEqual(expect.any(String));
    }
    // every 2xx is stored (no 2xx for what was not stored)
    const rows = await postgres.query(`SELECT id FROM deliveries WHERE integration_id = $1`, [
      integration.id,
    ]);
    const stored = new Set(rows.map((row) => row.id as string));
    for (const result of ok) expect(stored.has(result.deliveryId!)).toBe(true);
    // the provider retries the 503s: each is accepted now
    const retried = await Promise.all(
      refused.map((result) => postDelivery(api.baseUrl, integration.ingressPath, result.body)),
    );
    for (const answer of retried) expect([200, 202]).toContain(answer.status);
    const all = new Set([...ok, ...retried].map((answer) => answer.deliveryId!));
    expect(all.size).toBe(600);

    await receiver.waitFor(() => {
      const delivered = deliveredIds(receiver, integration.receiverPath);
      return [...all].every((id) => delivered.has(id));
    }, 60_000);
    const ready = await fetch(`${api.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    console.log(
      `[chaos postgres-restart] 2xx=${ok.length}, 503 during outage=${refused.length}, ` +
        `back to 2xx ${recoveredAfterMs} ms after the stop (3 s outage), all ${all.size} delivered`,
    );
  });
});
