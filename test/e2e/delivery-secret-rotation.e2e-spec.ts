import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { http } from '../support/http';
import { acceptWebhook, pull, seedPullIntegration } from '../support/pull';
import { seedIntegration, seedOrg, SeededOrg } from '../support/seed';
import { openStored } from '../support/stored-secrets';
import { WebhookReceiver } from '../support/webhook-receiver';

const OVERLAP_SECONDS = 4;

/** What a receiver holding only `secret` concludes (the standardwebhooks library, as receivers use it). */
function verifies(secret: string, raw: string, headers: Record<string, string>): boolean {
  try {
    new Webhook(secret).verify(raw, headers);
    return true;
  } catch {
    return false;
  }
}

describe('POST …/integrations/:id/rotate-delivery-secret', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await startApp({ DELIVERY_SECRET_OVERLAP_SECONDS: String(OVERLAP_SECONDS) });
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
    await closeSql();
  });

  async function pushIntegration(org: SeededOrg) {
    const path = `hooks-${randomUUID().slice(0, 8)}`;
    const integration = await seedIntegration(t.baseUrl, org, { deliveryUrl: receiver.url(path) });
    return { ...integration, path, ingressPath: `/ingress/generic/${integration.instanceId}/events` };
  }

  async function deliveredRequest(baseUrl: string, ingressPath: string, payload: unknown) {
    const id = await acceptWebhook(baseUrl, ingressPath, payload);
    await receiver.waitFor(() => receiver.countFor(id) >= 1);
    return receiver.received.find((delivery) => delivery.webhookId === id)!;
  }

  const rotate = (org: SeededOrg, id: string, key = org.key) =>
    http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/integrations/${id}/rotate-delivery-secret`, { key });

  it('signs with both secrets during the overlap (either receiver verifies), then with the new one only', async () => {
    const org = await seedOrg(t.baseUrl);
    const integration = await pushIntegration(org);
    const oldSecret = integration.deliverySecret;
    const before = await deliveredRequest(t.baseUrl, integration.ingressPath, { n: 'before' });
    expect(verifies(oldSecret, before.raw, before.headers)).toBe(true);

    const rotatedAt = Date.now();
    const rotated = await rotate(org, integration.id);
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('cache-control')).toContain('no-store');
    const newSecret: string = rotated.body.deliverySecret;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    const overlapEnd = Date.parse(rotated.body.previousDeliverySecretExpiresAt);
    expect(overlapEnd - rotatedAt).toBeGreaterThan((OVERLAP_SECONDS - 1) * 1000);
    expect(overlapEnd - rotatedAt).toBeLessThanOrEqual((OVERLAP_SECONDS + 1) * 1000);
    const read = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/integrations/${integration.id}`, {
      key: org.key,
    });
    expect(read.body.previousDeliverySecretExpiresAt).toBe(rotated.body.previousDeliverySecretExpiresAt);
    expect(read.body).not.toHaveProperty('deliverySecret');

    receiver.setSecret(integration.path, newSecret);
    const during = await deliveredRequest(t.baseUrl, integration.ingressPath, { n: 'during' });
    expect(during.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifies(oldSecret, during.raw, during.headers)).toBe(true);
    expect(verifies(newSecret, during.raw, during.headers)).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, overlapEnd - Date.now()) + 200));
    const after = await deliveredRequest(t.baseUrl, integration.ingressPath, { n: 'after' });
    expect(after.headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(verifies(newSecret, after.raw, after.headers)).toBe(true);
    expect(verifies(oldSecret, after.raw, after.headers)).toBe(false);
    const readAfter = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/integrations/${integration.id}`, {
      key: org.key,
    });
    expect(readAfter.body.previousDeliverySecretExpiresAt).toBeNull();
  }, 30_000);

  it('keeps both secrets sealed for their own column, and the sweep forgets the old one after the overlap', async () => {
    const org = await seedOrg(t.baseUrl);
    const integration = await pushIntegration(org);
    const rotated = await rotate(org, integration.id);
    const [row] = await sql(
      `SELECT delivery_secret_encrypted, previous_delivery_secret_encrypted FROM integrations WHERE id = $1`,
      [integration.id],
    );
    expect(openStored(row.delivery_secret_encrypted, 'integrationDeliverySecret', integration.id)).toBe(
      rotated.body.deliverySecret,
    );
    expect(
      openStored(row.previous_delivery_secret_encrypted, 'integrationPreviousDeliverySecret', integration.id),
    ).toBe(integration.deliverySecret);
    // nothing stored in clear, and the old ciphertext does not open as the current one
    expect(JSON.stringify(row)).not.toContain(integration.deliverySecret);
    expect(() =>
      openStored(row.previous_delivery_secret_encrypted, 'integrationDeliverySecret', integration.id),
    ).toThrow();

    await new Promise((resolve) => setTimeout(resolve, OVERLAP_SECONDS * 1000 + 300));
    const sweep = await http(t.baseUrl, 'POST', '/v1/admin/sweep', { key: TEST_ADMIN_KEY });
    expect(sweep.status).toBe(200);
    expect(sweep.body.deleted.previousDeliverySecretsForgotten).toBeGreaterThanOrEqual(1);
    const [swept] = await sql(
      `SELECT previous_delivery_secret_encrypted, previous_delivery_secret_expires_at FROM integrations WHERE id = $1`,
      [integration.id],
    );
    expect(swept).toEqual({
      previous_delivery_secret_encrypted: null,
      previous_delivery_secret_expires_at: null,
    });
  }, 20_000);

  it('signs pulled deliveries with both secrets during the overlap too', async () => {
    const org = await seedOrg(t.baseUrl);
    const integration = await seedPullIntegration(t.baseUrl, org);
    const rotated = await rotate(org, integration.id);
    await acceptWebhook(t.baseUrl, integration.ingressPath, { pulled: true });
    const [item] = (await pull(t.baseUrl, org.id, integration.id, org.key)).body.items;
    const raw = JSON.stringify(item.body);
    expect(verifies(integration.deliverySecret, raw, item.headers)).toBe(true);
    expect(verifies(rotated.body.deliverySecret, raw, item.headers)).toBe(true);
  });

  it('answers 404 for another org and a missing integration, and serialises racing rotations', async () => {
    const org = await seedOrg(t.baseUrl);
    const other = await seedOrg(t.baseUrl);
    const integration = await pushIntegration(org);
    // org B's key on org A's route: the org is not B's to see
    const foreign = await http(
      t.baseUrl,
      'POST',
      `/v1/orgs/${org.id}/integrations/${integration.id}/rotate-delivery-secret`,
      {
        key: other.key,
      },
    );
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'ORG.NOT_FOUND']);
    const crossed = await http(
      t.baseUrl,
      'POST',
      `/v1/orgs/${other.id}/integrations/${integration.id}/rotate-delivery-secret`,
      {
        key: other.key,
      },
    );
    expect([crossed.status, crossed.body.error.code]).toEqual([404, 'INTEGRATION.NOT_FOUND']);
    expect((await rotate(org, randomUUID())).status).toBe(404);

    const [first, second] = await Promise.all([rotate(org, integration.id), rotate(org, integration.id)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.deliverySecret).not.toBe(second.body.deliverySecret);
    // whichever won last is current and the other is the one it replaced: a delivery verifies with both
    receiver.setSecret(integration.path, first.body.deliverySecret);
    const delivered = await deliveredRequest(t.baseUrl, integration.ingressPath, { raced: true });
    expect(verifies(first.body.deliverySecret, delivered.raw, delivered.headers)).toBe(true);
    expect(verifies(second.body.deliverySecret, delivered.raw, delivered.headers)).toBe(true);
    expect(verifies(integration.deliverySecret, delivered.raw, delivered.headers)).toBe(false);
  });
});
