import type { DispatchTarget } from '../integrations';
import { DeliveryEntity } from './delivery.entity';
import { signStandardWebhook } from './signatures/standard-webhooks.verifier';

export const INGRESS_EVENT_TYPE = 'ingress.delivery';

/** The Standard Webhooks headers a delivery is sent with (pushed, or handed to a puller). */
export interface DeliveryHeaders {
  'content-type': 'application/json';
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * What the receiver gets, the same whether plugboard POSTs it or an agent pulls it: a provider's
 * webhook wrapped with its delivery's facts, or plugboard's own event (`interaction.answered`) as
 * stored.
 */
export function deliveryBody(
  delivery: Pick<
    DeliveryEntity,
    'id' | 'integrationId' | 'pluginId' | 'route' | 'receivedAt' | 'payload' | 'eventType'
  >,
  conversationId: string | null,
): Record<string, unknown> {
  return delivery.eventType === INGRESS_EVENT_TYPE
    ? {
        type: INGRESS_EVENT_TYPE,
        deliveryId: delivery.id,
        integrationId: delivery.integrationId,
        plugin: delivery.pluginId,
        route: delivery.route,
        conversationId,
        receivedAt: delivery.receivedAt.toISOString(),
        payload: delivery.payload,
      }
    : { type: delivery.eventType, ...(delivery.payload as Record<string, unknown>) };
}

/**
 * Standard Webhooks headers for `body` (the exact text sent). Each secret adds one signature,
 * space-separated: during a rotation's overlap a receiver holding either secret verifies.
 */
export function signedDeliveryHeaders(
  deliveryId: string,
  body: string,
  secrets: string[],
  timestamp = Math.floor(Date.now() / 1000),
): DeliveryHeaders {
  return {
    'content-type': 'application/json',
    'webhook-id': deliveryId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets
      .map((secret) => signStandardWebhook(secret, deliveryId, timestamp, body))
      .join(' '),
  };
}

/** The current delivery secret, and during a rotation's overlap the one it replaced. */
export function signingSecrets(
  target: Pick<DispatchTarget, 'deliverySecret' | 'previousDeliverySecret'>,
): string[] {
  return target.previousDeliverySecret
    ? [target.deliverySecret, target.previousDeliverySecret]
    : [target.deliverySecret];
}
