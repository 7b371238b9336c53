/** The one typed map of cross-module events (docs/architecture.md "Events"). */
export const CREDENTIAL_INVALIDATED = 'credential.invalidated';
export const REAUTH_SUCCEEDED = 'reauth.succeeded';
export const INTEGRATION_STATUS_CHANGED = 'integration.status-changed';
export const SLACK_ACTION_RECEIVED = 'slack.action-received';

export interface CredentialInvalidatedEvent {
  orgId: string;
  connectionId: string;
  reason: string;
}

export interface ReauthSucceededEvent {
  orgId: string;
  connectionId: string;
}

export interface IntegrationStatusChangedEvent {
  orgId: string;
  integrationId: string;
  from: string;
  to: string;
  reason: string | null;
}

/** A verified Slack interactive payload (block_actions) arrived through ingress. */
export interface SlackActionReceivedEvent {
  orgId: string;
  integrationId: string;
  deliveryId: string;
  /** The parsed `payload=` JSON of the form-encoded body. */
  payload: unknown;
}

export interface EventMap {
  [CREDENTIAL_INVALIDATED]: CredentialInvalidatedEvent;
  [REAUTH_SUCCEEDED]: ReauthSucceededEvent;
  [INTEGRATION_STATUS_CHANGED]: IntegrationStatusChangedEvent;
  [SLACK_ACTION_RECEIVED]: SlackActionReceivedEvent;
}

export type EventName = keyof EventMap;
