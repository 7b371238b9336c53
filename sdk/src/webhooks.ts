import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** A provider webhook plugboard verified, stored and now delivers. */
export interface IngressDeliveryEvent {
  type: 'ingress.delivery';
  deliveryId: string;
  integrationId: string;
  plugin: string;
  route: string;
  conversationId: string | null;
  receivedAt: string;
  /** The provider's body: parsed JSON, a form as an object, otherwise the text. */
  payload: unknown;
}

/** A person answered a pending interaction (exactly once). */
export interface InteractionAnsweredEvent {
  type: 'interaction.answered';
  interactionId: string;
  userId: string;
  answer: string;
  answeredAt: string;
}

/** What plugboard POSTs to a delivery URL. */
export type DeliveryEvent = IngressDeliveryEvent | InteractionAnsweredEvent;

/** Headers as Node (`request.headers`), fetch (`Headers`) or a plain object give them. */
export type IncomingHeaders =
  Headers | Record<string, string | string[] | undefined> | { get(name: string): string | null };

/** The delivery's signature, timestamp or id did not check out: answer 401 and do not process it. */
export class DeliveryVerificationError extends Error {
  override readonly name = 'DeliveryVerificationError';
}

const SIGNED_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

function headerValue(headers: IncomingHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value.join(' ') : value;
}

/**
 * Checks a delivery plugboard POSTed to your receiver (Standard Webhooks: `webhook-id`,
 * `webhook-timestamp` within 5 minutes, `webhook-signature`, which during a secret rotation holds
 * two signatures, either of which passes) against the integration's `deliverySecret` (`whsec_…`), and
 * returns the parsed event. `body` must be the raw body exactly as received, not re-serialised JSON.
 * Deliveries are at least once: deduplicate on `webhook-id` (the event's `deliveryId`).
 */
export function verifyDelivery(
  headers: IncomingHeaders,
  body: string | Uint8Array,
  secret: string,
): DeliveryEvent {
  if (!secret) throw new DeliveryVerificationError('No delivery secret to verify with');
  const signed: Record<string, string> = {};
  for (const name of SIGNED_HEADERS) {
    const value = headerValue(headers, name);
    if (!value) throw new DeliveryVerificationError(`Missing ${name} header`);
    signed[name] = value;
  }
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  try {
    return new Webhook(secret).verify(text, signed) as DeliveryEvent;
  } catch (error) {
    if (error instanceof WebhookVerificationError) throw new DeliveryVerificationError(error.message);
    throw error;
  }
}
