/** The one typed map of cross-module events (ARCHITECTURE.md "Boundaries"). */
export const CREDENTIAL_INVALIDATED = 'credential.invalidated';
export const REAUTH_SUCCEEDED = 'reauth.succeeded';
export const INTEGRATION_STATUS_CHANGED = 'integration.status-changed';
export const INTERACTION_ANSWERED = 'interaction.answered';

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

export interface InteractionAnsweredEvent {
  orgId: string;
  interactionId: string;
  userId: string;
  answer: string;
  answeredAt: string;
}

export interface EventMap {
  [CREDENTIAL_INVALIDATED]: CredentialInvalidatedEvent;
  [REAUTH_SUCCEEDED]: ReauthSucceededEvent;
  [INTEGRATION_STATUS_CHANGED]: IntegrationStatusChangedEvent;
  [INTERACTION_ANSWERED]: InteractionAnsweredEvent;
}

export type EventName = keyof EventMap;
