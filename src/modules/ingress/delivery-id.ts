import { createHash } from 'node:crypto';
import type { IngressScheme } from '../integrations';
import { header, RequestHeaders } from './signatures/signature-verifier';
import { isObject } from './webhook-payload';

export interface DeliveryIdInput {
  scheme: IngressScheme;
  pluginId: string;
  instanceId: string;
  route: string;
  headers: RequestHeaders;
  rawBody: Buffer;
  payload: unknown;
}

const MAX_PROVIDER_ID_LENGTH = 200;

/**
 * The provider's own delivery id when the scheme has one, else (scheme `none` only) the
 * `Idempotency-Key` header, else a hash of what identifies the request. `Idempotency-Key` is not
 * signed, so on a signed scheme it would let a replay of a signed request pass as new. The hash has
 * no timestamp or header in it, so a provider's retry of the same body deduplicates.
 */
export function providerDeliveryId(input: DeliveryIdInput): string {
  const own =
    ownDeliveryId(input) ?? (input.scheme === 'none' ? header(input.headers, 'idempotency-key') : undefined);
  if (own && own.length <= MAX_PROVIDER_ID_LENGTH) return own;
  return `sha256:${contentHash(input)}`;
}

/** Schemes that sign the body but no timestamp: a replayed body is caught by its hash (24 h). */
const UNTIMED_SCHEMES: ReadonlySet<IngressScheme> = new Set(['github', 'shopify']);

/** For an untimed scheme, the body's SHA-256 (a repeat of it within 24 h is a duplicate); else null. */
export function bodyRepeatKey(scheme: IngressScheme, rawBody: Buffer): string | null {
  return UNTIMED_SCHEMES.has(scheme) ? createHash('sha256').update(rawBody).digest('hex') : null;
}

function ownDeliveryId({ scheme, headers, payload }: DeliveryIdInput): string | undefined {
  switch (scheme) {
    case 'standard-webhooks':
      return header(headers, 'webhook-id');
    case 'github':
      return header(headers, 'x-github-delivery');
    case 'shopify':
      return header(headers, 'x-shopify-webhook-id');
    case 'stripe':
      return isObject(payload) && typeof payload.id === 'string' ? payload.id : undefined;
    case 'slack':
      return isObject(payload) && typeof payload.event_id === 'string' ? payload.event_id : undefined;
    case 'none':
      return undefined;
  }
}

/** sha256(pluginId · instanceId · route · rawBody), with NUL separators so fields cannot run together. */
export function contentHash({ pluginId, instanceId, route, rawBody }: DeliveryIdInput): string {
  return createHash('sha256')
    .update(pluginId)
    .update('\0')
    .update(instanceId)
    .update('\0')
    .update(route)
    .update('\0')
    .update(rawBody)
    .digest('hex');
}
