import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import {
  CREDENTIAL_INVALIDATED,
  CredentialInvalidatedEvent,
  REAUTH_SUCCEEDED,
  ReauthSucceededEvent,
} from '../../../shared/events';
import { AuditRecorder } from '../audit-recorder';

/** Reasons of CREDENTIAL_INVALIDATED that mean the connection is gone rather than INVALID. */
const DELETION_REASONS = new Set(['connection_deleted', 'provider_deleted']);

/**
 * A connection's status changes are the OAuth module's events; the ledger hears them like any
 * other module. `code` carries the new status and why (`INVALID:invalid_grant`,
 * `ACTIVE:reauthorized`). Recording only buffers, so these handlers cannot fail the emitter.
 */
@Injectable()
export class ConnectionStatusListener {
  constructor(private readonly audit: AuditRecorder) {}

  @OnEvent(CREDENTIAL_INVALIDATED)
  recordInvalidated(event: CredentialInvalidatedEvent): void {
    const deleted = DELETION_REASONS.has(event.reason);
    this.audit.record({
      orgId: event.orgId,
      action: deleted ? 'connection.deleted' : 'connection.status_changed',
      connectionId: event.connectionId,
      code: deleted ? event.reason : `INVALID:${event.reason}`,
    });
  }

  @OnEvent(REAUTH_SUCCEEDED)
  recordReauthorized(event: ReauthSucceededEvent): void {
    this.audit.record({
      orgId: event.orgId,
      action: 'connection.status_changed',
      connectionId: event.connectionId,
      code: 'ACTIVE:reauthorized',
    });
  }
}
