import { http, HttpResult } from './http';
import { seedIntegration, SeededIntegration, SeededOrg } from './seed';

export interface PulledItem {
  deliveryId: string;
  leaseId: string;
  leaseExpiresAt: string;
  body: Record<string, any>;
  headers: Record<string, string>;
}

/** A pull-mode integration (no deliveryUrl) of the generic plugin, ingress scheme `none`. */
export async function seedPullIntegration(
  baseUrl: string,
  org: SeededOrg,
  overrides: Record<string, unknown> = {},
): Promise<SeededIntegration & { ingressPath: string }> {
  const integration = await seedIntegration(baseUrl, org, {
    deliveryUrl: undefined,
    deliveryMode: 'pull',
    ...overrides,
  });
  return { ...integration, ingressPath: `/ingress/${integration.plugin}/${integration.instanceId}/events` };
}

/** POST …/deliveries/pull with an org key or a worker token (both go in Authorization: Bearer). */
export function pull(
  baseUrl: string,
  orgId: string,
  integrationId: string,
  key: string,
  body: { max?: number; waitSeconds?: number; leaseSeconds?: number } = {},
): Promise<HttpResult<{ items: PulledItem[]; error?: { code: string; message: string } }>> {
  return http(baseUrl, 'POST', `/v1/orgs/${orgId}/integrations/${integrationId}/deliveries/pull`, {
    key,
    body,
  });
}

export function ack(
  baseUrl: string,
  orgId: string,
  integrationId: string,
  key: string,
  leaseIds: string[],
): Promise<HttpResult<{ acked: number }>> {
  return http(baseUrl, 'POST', `/v1/orgs/${orgId}/integrations/${integrationId}/deliveries/ack`, {
    key,
    body: { leaseIds },
  });
}

/** A provider's webhook on the integration's ingress URL (scheme none): answers the delivery id. */
export async function acceptWebhook(baseUrl: string, ingressPath: string, payload: unknown): Promise<string> {
  const accepted = await http(baseUrl, 'POST', ingressPath, {
    raw: JSON.stringify(payload),
    headers: { 'content-type': 'application/json' },
  });
  if (accepted.status !== 202) throw new Error(`accept failed: ${accepted.status} ${accepted.text}`);
  return accepted.body.deliveryId;
}
