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
 * table, so the claim in the ingress module does not spell out another module's columns. Each is
 * prefixed `target_` so it cannot collide with the delivery's own columns; `toDispatchTargetRow`
 * reads them back.
 */
export function dispatchTargetColumns(alias: string): string {
  return `${alias}.id AS target_integration_id, ${alias}.organization_id AS target_organization_id,
    ${alias}.plugin AS target_plugin, ${alias}.status AS target_status, ${alias}.on_error AS target_on_error,
    ${alias}.delivery_url AS target_delivery_url,
    ${alias}.delivery_secret_encrypted AS target_delivery_secret_encrypted,
    CASE WHEN ${alias}.previous_delivery_secret_expires_at > now() THEN ${alias}.previous_delivery_secret_encrypted END
      AS target_previous_delivery_secret_encrypted,
    ${alias}.config AS target_config`;
}

/** The row `dispatchTargetColumns` selects (all null when the integration no longer exists). */
export interface DispatchTargetColumns {
  target_integration_id: string | null;
  target_organization_id: string;
  target_plugin: string;
  target_status: IntegrationStatus;
  target_on_error: OnErrorPolicy;
  target_delivery_url: string | null;
  target_delivery_secret_encrypted: string;
  target_previous_delivery_secret_encrypted: string | null;
  target_config: Record<string, unknown>;
}

export function toDispatchTargetRow(row: DispatchTargetColumns): DispatchTargetRow {
  return {
    targetIntegrationId: row.target_integration_id,
    targetOrgId: row.target_organization_id,
    targetPlugin: row.target_plugin,
    targetStatus: row.target_status,
    targetOnError: row.target_on_error,
    targetDeliveryUrl: row.target_delivery_url,
    targetDeliverySecretEncrypted: row.target_delivery_secret_encrypted,
    targetPreviousDeliverySecretEncrypted: row.target_previous_delivery_secret_encrypted,
    targetConfig: row.target_config,
  };
}

/** Statuses whose deliveries are POSTed now (the others are parked or discarded). */
export const DELIVERABLE_STATUSES: IntegrationStatus[] = INTEGRATION_STATUSES.filter(
  (status) => deliveryDispositionFor(status, 'park') === 'deliver',
);
