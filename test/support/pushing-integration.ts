import { randomUUID } from 'node:crypto';
import { SeededIntegration, seedIntegration, seedOrg } from './seed';
import { WebhookReceiver } from './webhook-receiver';

/** An integration of a new org that POSTs to `receiver` (on a path of its own), which verifies its signatures. */
export async function seedPushingTo(
  baseUrl: string,
  receiver: WebhookReceiver,
  pathPrefix: string,
): Promise<SeededIntegration> {
  const org = await seedOrg(baseUrl);
  const path = `${pathPrefix}-${randomUUID().slice(0, 8)}`;
  const integration = await seedIntegration(baseUrl, org, { deliveryUrl: receiver.url(path) });
  receiver.setSecret(path, integration.deliverySecret);
  return integration;
}
