/** Integration statuses: DISABLED is the user's intent, ERROR the system's verdict on a credential. */
export const INTEGRATION_STATUSES = ['ENABLED', 'DISABLED', 'ERROR', 'NEEDS_CONFIG', 'PROCESSING'] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];

/** The statuses a user may set with PATCH; ENABLED is accepted from any status, ERROR included. */
export const USER_SETTABLE_STATUSES = ['ENABLED', 'DISABLED'] as const;
export type UserSettableStatus = (typeof USER_SETTABLE_STATUSES)[number];

/**
 * A credential the integration uses became invalid: everything goes to ERROR except DISABLED,
 * which is the user's choice and must survive. Returns null when the status does not change.
 */
export function statusAfterCredentialInvalidated(status: IntegrationStatus): IntegrationStatus | null {
  if (status === 'DISABLED' || status === 'ERROR') return null;
  return 'ERROR';
}

/**
 * A successful re-auth restores ERROR and DISABLED integrations to ENABLED; PROCESSING and
 * NEEDS_CONFIG wait for their own work to finish. Returns null when the status does not change.
 */
export function statusAfterReauth(status: IntegrationStatus): IntegrationStatus | null {
  return status === 'ERROR' || status === 'DISABLED' ? 'ENABLED' : null;
}

/** The statuses a rule moves, so a conditional UPDATE can name them in its WHERE clause. */
export function statusesMovedBy(
  rule: (status: IntegrationStatus) => IntegrationStatus | null,
): IntegrationStatus[] {
  return INTEGRATION_STATUSES.filter((status) => rule(status) !== null);
}

/** Deliveries for an integration in this status: sent, parked until it is ENABLED again, or dropped. */
export function deliveryDispositionFor(
  status: IntegrationStatus,
  onError: 'park' | 'discard',
): 'deliver' | 'park' | 'discard' {
  if (status === 'DISABLED') return 'discard';
  if (status === 'ERROR' || status === 'NEEDS_CONFIG') return onError === 'discard' ? 'discard' : 'park';
  return 'deliver';
}
