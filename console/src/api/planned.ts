/**
 * Routes of API.md that the console calls but that the OpenAPI document of this build may not
 * describe yet (they land with the oauth, ingress and interactions work). Written from API.md in the
 * shape openapi-typescript generates; `client.ts` uses a planned route only while `schema.d.ts` lacks
 * it, so once `npm run console:api` picks a route up, the generated type wins and any drift between
 * the document and this page shows up as a type error.
 */

type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type ErrorResponses = { default: Json<ApiErrorBody> };

interface Operation<Path, Query, Body, Response, Status extends number = 200> {
  parameters: { query?: Query; header?: never; path: Path; cookie?: never };
  requestBody?: [Body] extends [never] ? never : { content: { 'application/json': Body } };
  responses: { [S in Status]: Json<Response> } & ErrorResponses;
}

type OrgPath = { orgId: string };
type OrgIdPath = { orgId: string; id: string };
type ListQuery = { limit?: number; cursor?: string };

export interface ApiErrorBody {
  error: { code: string; message: string; requestId: string };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Connection {
  id: string;
  provider: string;
  status: 'ACTIVE' | 'INVALID';
  externalAccountId: string | null;
  expiresAt: string | null;
  isRefreshable: boolean;
  lastRefreshError: string | null;
  refreshBlockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export type RefreshResult =
  { ok: true; expiresAt: string | null } | { ok: false; errorCode: string; terminal: boolean };

export interface AuthorizeRequest {
  provider: string;
  connectionId?: string;
  returnUrl?: string;
  scopes?: string[];
}

export interface AuthorizeResponse {
  authorizeUrl: string;
  state: string;
  expiresAt: string;
}

export type IntegrationStatus = 'ENABLED' | 'DISABLED' | 'ERROR' | 'NEEDS_CONFIG' | 'PROCESSING';

export interface Integration {
  id: string;
  name: string;
  plugin: string;
  instanceId: string;
  connectionIds: string[];
  deliveryUrl: string;
  config: Record<string, unknown>;
  /** `url` ends in the `:route` placeholder: any route name works. */
  ingress: { scheme: string; url: string };
  status: IntegrationStatus;
  statusReason: string | null;
  statusChangedAt: string;
  onError: 'park' | 'discard';
  createdAt: string;
  updatedAt: string;
}

export interface UpdateIntegrationRequest {
  status?: 'ENABLED' | 'DISABLED';
  name?: string;
  deliveryUrl?: string;
  config?: Record<string, unknown>;
}

export type DeliveryStatus = 'RECEIVED' | 'QUEUED' | 'DELIVERED' | 'PARKED' | 'DISCARDED' | 'DEAD';

export interface Delivery {
  id: string;
  integrationId: string;
  plugin: string;
  instanceId: string;
  route: string;
  providerDeliveryId: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  conversationId: string | null;
  receivedAt: string;
  updatedAt: string;
}

export type RedriveOutcome = 'queued' | 'dispatched' | 'failed';

export interface RedriveResults {
  results: { deliveryId: string; outcome: RedriveOutcome; handled: boolean }[];
}

export interface RedriveParkedResults {
  results: { deliveryId: string; outcome: RedriveOutcome }[];
}

export interface Interaction {
  id: string;
  status: 'PENDING' | 'ANSWERED' | 'EXPIRED';
  integrationId: string;
  connectionId: string;
  expectedUserId: string;
  channel: string;
  question: string;
  options: string[];
  answer: string | null;
  answeredBy: string | null;
  createdAt: string;
  expiresAt: string;
  claimedAt: string | null;
}

export interface PlannedPaths {
  '/v1/orgs/{orgId}/connections': {
    get: Operation<OrgPath, ListQuery, never, Page<Connection>>;
  };
  '/v1/orgs/{orgId}/connections/authorize': {
    post: Operation<OrgPath, never, AuthorizeRequest, AuthorizeResponse>;
  };
  '/v1/orgs/{orgId}/connections/{id}/refresh': {
    post: Operation<OrgIdPath, never, never, RefreshResult>;
  };
  '/v1/orgs/{orgId}/integrations': {
    get: Operation<OrgPath, ListQuery, never, Page<Integration>>;
  };
  '/v1/orgs/{orgId}/integrations/{id}': {
    patch: Operation<OrgIdPath, never, UpdateIntegrationRequest, Integration>;
  };
  '/v1/orgs/{orgId}/integrations/{id}/redrive-parked': {
    post: Operation<OrgIdPath, never, never, RedriveParkedResults>;
  };
  '/v1/orgs/{orgId}/ingress/deliveries': {
    get: Operation<
      OrgPath,
      ListQuery & { status?: DeliveryStatus; integrationId?: string },
      never,
      Page<Delivery>
    >;
  };
  '/v1/orgs/{orgId}/ingress/deliveries/{id}': {
    get: Operation<OrgIdPath, never, never, Delivery>;
  };
  '/v1/orgs/{orgId}/ingress/redrive': {
    post: Operation<OrgPath, never, { deliveryIds?: string[]; status?: 'DEAD' }, RedriveResults>;
  };
  '/v1/orgs/{orgId}/interactions': {
    get: Operation<OrgPath, ListQuery, never, Page<Interaction>>;
  };
}
