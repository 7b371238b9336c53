import { testEnv } from '../support/app';
import { closeSql, sql } from '../support/db';
import {
  accepted,
  burstIntegration,
  deliveredIds,
  ingressBurst,
  postDelivery,
} from '../support/ingress-burst';
import { PlugboardProcess, spawnPlugboard, stopProcess, waitForStatus } from '../support/process';
import { seedOrg } from '../support/seed';
import { WebhookReceiver } from '../support/webhook-receiver';

/** A real `node dist/main.js` without Redis: inline dispatch after commit + the outbox poller. */
function startApi(): Promise<PlugboardProcess> {
  return spawnPlugboard(
    testEnv({ LOG_LEVEL: 'warn', DELIVERY_TIMEOUT_MS: '2000', DELIVERY_BACKOFF_MS: '200' }),
  );
}

describe('chaos: kill -9 of an API process during a 1,000-delivery ingress burst', () => {
  jest.setTimeout(120_000);
  let receiver: WebhookReceiver;
  const processes: PlugboardProcess[] = [];

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await Promise.all(processes.map((started) => stopProcess(started, 'SIGKILL')));
    await receiver.close();
    await closeSql();
  });

  it('delivers every 2xx at least once after a new process starts on the same database; failures were never reported accepted', async () => {
    let api = await startApi();
    processes.push(api);
    await waitForStatus(api, '/health/ready', 200, 60_000);
    const org = await seedOrg(api.baseUrl);
    const integration = await burstIntegration(api.baseUrl, org, receiver);

    let killedAt = -1;
    const results = await ingressBurst({
      target: () => api.baseUrl,
      path: integration.ingressPath,
      count: 1000,
      clients: 8,
      timeoutMs: 5_000,
      onAnswer: async (done) => {
        if (done === 400 && killedAt < 0) {
          killedAt = done;
          await stopProcess(api, 'SIGKILL');
        }
      },
    });
    const ok = accepted(results);
    const failed = results.filter((result) => !ok.includes(result));
    expect(killedAt).toBe(400);
    expect(ok.length).toBeGreaterThanOrEqual(400 - 8);
    expect(failed.length).toBeGreaterThan(0);
    // a failure is a connection error or a 5xx with the error shape, never a 2xx-ish body
    for (const result of failed) {
      expect(result.deliveryId).toBeNull();
      if (result.status !== null) {
        expect(result.status).toBeGreaterThanOrEqual(500);
        expect(result.errorCode).toEqual(expect.any(String));
      }
    }
    // every 2xx was committed before it was answered
    const stored = await sql(`SELECT id FROM deliveries WHERE integration_id = $1`, [integration.id]);
    const storedIds = new Set(stored.map((row) => row.id as string));
    for (const result of ok) expect(storedIds.has(result.deliveryId!)).toBe(true);

    // a new process on the same database; the provider retries what failed
    api = await startApi();
    processes.push(api);
    await waitForStatus(api, '/health/ready', 200, 60_000);
    const retried = [];
    for (const result of failed) {
      const answer = await postDelivery(api.baseUrl, integration.ingressPath, result.body);
      retried.push(answer);
      expect([200, 202]).toContain(answer.status);
    }
    const allIds = new Set([...ok.map((result) => result.deliveryId!), ...retried.map((r) => r.deliveryId!)]);
    expect(allIds.size).toBe(1000);
    // what was stored by the killed process but not answered dedups on the retry (200 duplicate)
    const duplicates = retried.filter((answer) => answer.status === 200).length;
    expect(duplicates).toBe(stored.length - ok.length);

    await receiver.waitFor(() => deliveredIds(receiver, integration.receiverPath).size >= 1000, 60_000);
    const delivered = deliveredIds(receiver, integration.receiverPath);
    for (const id of allIds) expect(delivered.has(id)).toBe(true);
    console.log(
      `[chaos api-kill] 2xx before kill=${ok.length}, failed=${failed.length} (stored but unanswered=${duplicates}), ` +
        `POSTs=${receiver.forPath(integration.receiverPath).length} for ${delivered.size} distinct deliveries`,
    );
  });
});
