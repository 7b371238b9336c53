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
 * The provider's own delivery id when the scheme has one, else `Idempotency-Key`, else a hash of
 * what identifies the request. The hash has no timestamp or header in it, so a provider's retry of
 * the same body deduplicates (seed #591).
 */
export function providerDeliveryId(input: DeliveryIdInput): string {
  const own = ownDeliveryId(input) ?? header(input.headers, 'idempotency-key');
  if (own && own.length <= MAX_PROVIDER_ID_LENGTH) return own;
  return `sha256:${contentHash(input)}`;
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
