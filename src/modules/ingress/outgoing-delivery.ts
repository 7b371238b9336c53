import type { DispatchTarget } from '../integrations';
import type { ClaimedDelivery } from './deliveries.repository';
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
 * What a push POSTs. For a provider's webhook the stored payload goes in as the JSON text it is
 * (never parsed and serialised again); plugboard's own events spread their payload into the body.
 */
export function pushedBody(delivery: ClaimedDelivery, conversationId: string | null): string {
  if (delivery.eventType !== INGRESS_EVENT_TYPE) {
    return JSON.stringify({
      type: delivery.eventType,
      ...(JSON.parse(delivery.payloadJson) as Record<string, unknown>),
    });
  }
  const envelope = JSON.stringify({
    type: INGRESS_EVENT_TYPE,
    deliveryId: delivery.id,
    integrationId: delivery.integrationId,
    plugin: delivery.pluginId,
    route: delivery.route,
    conversationId,
    receivedAt: delivery.receivedAt,
  });
  return `${envelope.slice(0, -1)},"payload":${delivery.payloadJson}}`;
}

/**
 * What a pull hands out as `body`: the same fields and values as pushedBody, as an object (it is
 * part of a JSON answer), so its signature covers it serialised as compact JSON (JSON.stringify).
 */
export function pulledBody(
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
