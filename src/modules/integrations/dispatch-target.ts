import type { IntegrationStatus } from './integration-status.rules';
import { deliveryDispositionFor, INTEGRATION_STATUSES } from './integration-status.rules';
import type { OnErrorPolicy } from './integration.types';

/** What the delivery consumer needs at dispatch time. */
export interface DispatchTarget {
  integrationId: string;
  orgId: string;
  plugin: string;
  status: IntegrationStatus;
  onError: OnErrorPolicy;
  /** null in pull mode (nothing is POSTed). */
  deliveryUrl: string | null;
  /** `whsec_…`, decrypted: it signs the outbound request. */
  deliverySecret: string;
  /** During a rotation's overlap, the replaced secret: it signs too. */
  previousDeliverySecret: string | null;
  config: Record<string, unknown>;
}

/** The columns DISPATCH_TARGET_COLUMNS selects, before the delivery secret is decrypted. */
export interface DispatchTargetRow {
  targetIntegrationId: string | null;
  targetOrgId: string;
  targetPlugin: string;
  targetStatus: IntegrationStatus;
  targetOnError: OnErrorPolicy;
  targetDeliveryUrl: string | null;
  targetDeliverySecretEncrypted: string;
  /** null once the rotation's overlap ended (or when there was none). */
  targetPreviousDeliverySecretEncrypted: string | null;
  targetConfig: Record<string, unknown>;
}

/**
 * The integration columns a delivery claim reads in the same statement (LEFT JOIN integrations
 * AS `alias`), so dispatching costs no separate lookup. Kept here, beside the integration's
 * table, so the claim in the ingress module does not spell out another module's columns.
 */
export function dispatchTargetColumns(alias: string): string {
  return `${alias}.id AS "targetIntegrationId", ${alias}.organization_id AS "targetOrgId",
    ${alias}.plugin AS "targetPlugin", ${alias}.status AS "targetStatus", ${alias}.on_error AS "targetOnError",
    ${alias}.delivery_url AS "targetDeliveryUrl",
    ${alias}.delivery_secret_encrypted AS "targetDeliverySecretEncrypted",
    CASE WHEN ${alias}.previous_delivery_secret_expires_at > now() THEN ${alias}.previous_delivery_secret_encrypted END
      AS "targetPreviousDeliverySecretEncrypted",
    ${alias}.config AS "targetConfig"`;
}

/** Statuses whose deliveries are POSTed now (the others are parked or discarded). */
export const DELIVERABLE_STATUSES: IntegrationStatus[] = INTEGRATION_STATUSES.filter(
  (status) => deliveryDispositionFor(status, 'park') === 'deliver',
);
