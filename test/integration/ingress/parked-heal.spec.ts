import { randomUUID } from 'node:crypto';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../../support/app';
import { closeSql, sql } from '../../support/db';
import { http } from '../../support/http';
import { SeededIntegration, seedIntegration, seedOrg } from '../../support/seed';
import { waitUntil } from '../../support/wait-until';
import { WebhookReceiver } from '../../support/webhook-receiver';

/**
 * An integration's PARKED deliveries go out again when it returns to ENABLED, through the
 * INTEGRATION_STATUS_CHANGED event. When that event is lost (the process stops between the status
 * commit and the event, or the redrive fails), the sweep finds the ENABLED integration that still has
 * PARKED rows and redrives them, so they are not left to be discarded at the end of the retention.
 * Here the status is changed in SQL, as a manual fix would: the change reaches every cache (the row
 * trigger notifies) but no event is published.
 */
describe('the sweep redrives what an ENABLED integration left parked', () => {
  jest.setTimeout(60_000);

  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    t = await startApp({ SWEEP_INTERVAL_SECONDS: '86400' });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await closeSql();
  });

  const statusOf = async (deliveryId: string) =>
    (await sql<{ status: string }>(`SELECT status FROM deliveries WHERE id = $1`, [deliveryId]))[0].status;

  async function parkedIntegration(): Promise<{ integration: SeededIntegration; deliveryId: string }> {
    const org = await seedOrg(t.baseUrl);
    const path = `heal-${randomUUID().slice(0, 8)}`;
    const integration = await seedIntegration(t.baseUrl, org, { deliveryUrl: receiver.url(path) });
    receiver.setSecret(path, integration.deliverySecret);
    await sql(`UPDATE integrations SET status = 'ERROR' WHERE id = $1`, [integration.id]);
    // the change channel reaches the caches within a moment; a webhook that still saw ENABLED is
    // delivered, so send until one is parked
    for (let attempt = 0; attempt < 20; attempt++) {
      const answer = await http(
        t.baseUrl,
        'POST',
        `/ingress/${integration.plugin}/${integration.instanceId}/events`,
        { body: { n: attempt } },
      );
      expect(answer.status).toBe(202);
      const deliveryId = answer.body.deliveryId as string;
      const [status] = await waitUntil(
        async () => [await statusOf(deliveryId)],
        ([current]) => current === 'PARKED' || current === 'DELIVERED',
      );
      if (status === 'PARKED') return { integration, deliveryId };
    }
    throw new Error('no webhook was parked');
  }

  it('redrives the parked deliveries of an integration ENABLED without its event, and only those', async () => {
    const healed = await parkedIntegration();
    const stillErrored = await parkedIntegration();
    await sql(`UPDATE integrations SET status = 'ENABLED' WHERE id = $1`, [healed.integration.id]);

    // nothing else brings them back: no event was published
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await statusOf(healed.deliveryId)).toBe('PARKED');
    expect(receiver.countFor(healed.deliveryId)).toBe(0);

    const sweep = await http(t.baseUrl, 'POST', '/v1/admin/sweep', { key: TEST_ADMIN_KEY });
    expect(sweep.status).toBe(200);
    await receiver.waitFor(() => receiver.countFor(healed.deliveryId) === 1);
    expect(sweep.body.deleted.parkedDeliveriesRedriven).toBeGreaterThanOrEqual(1);
    await waitUntil(
      () => statusOf(healed.deliveryId),
      (status) => status === 'DELIVERED',
    );

    // an integration still in ERROR keeps its parked rows, unsent
    expect(await statusOf(stillErrored.deliveryId)).toBe('PARKED');
    expect(receiver.countFor(stillErrored.deliveryId)).toBe(0);
  });
});
