/**
 * Generated from docs/openapi.json by `npm run sdk:generate`. Do not edit by hand:
 * test/sdk/sdk-generated.e2e-spec.ts fails when this file is stale.
 */

import type { operations } from './schema';

/** Input of `ackDeliveries`: path and query parameters by name, and the JSON `body`. */
export type AckDeliveriesInput = operations['ackDeliveries']['parameters']['path'] & { body: NonNullable<operations['ackDeliveries']['requestBody']>['content']['application/json'] };
/** What `ackDeliveries` answers with 200. */
export type AckDeliveriesResult = operations['ackDeliveries']['responses']['200']['content']['application/json'];

/** Input of `answerInteraction`: path and query parameters by name, and the JSON `body`. */
export type AnswerInteractionInput = operations['answerInteraction']['parameters']['path'] & { body: NonNullable<operations['answerInteraction']['requestBody']>['content']['application/json'] };
/** What `answerInteraction` answers with 200. */
export type AnswerInteractionResult = operations['answerInteraction']['responses']['200']['content']['application/json'];

/** Input of `authorizeConnection`: path and query parameters by name, and the JSON `body`. */
export type AuthorizeConnectionInput = operations['authorizeConnection']['parameters']['path'] & { body: NonNullable<operations['authorizeConnection']['requestBody']>['content']['application/json'] };
/** What `authorizeConnection` answers with 200. */
export type AuthorizeConnectionResult = operations['authorizeConnection']['responses']['200']['content']['application/json'];

/** Input of `checkLiveness`: path and query parameters by name, and the JSON `body`. */
export type CheckLivenessInput = Record<string, never>;
/** What `checkLiveness` answers with 200. */
export type CheckLivenessResult = operations['checkLiveness']['responses']['200']['content']['application/json'];

/** Input of `checkReadiness`: path and query parameters by name, and the JSON `body`. */
export type CheckReadinessInput = Record<string, never>;
/** What `checkReadiness` answers with 200. */
export type CheckReadinessResult = operations['checkReadiness']['responses']['200']['content']['application/json'];

/** Input of `clientMetadata`: path and query parameters by name, and the JSON `body`. */
export type ClientMetadataInput = Record<string, never>;
/** What `clientMetadata` answers with 200. */
export type ClientMetadataResult = operations['clientMetadata']['responses']['200']['content']['application/json'];

/** Input of `createAgent`: path and query parameters by name, and the JSON `body`. */
export type CreateAgentInput = operations['createAgent']['parameters']['path'] & { body: NonNullable<operations['createAgent']['requestBody']>['content']['application/json'] };
/** What `createAgent` answers with 201. */
export type CreateAgentResult = operations['createAgent']['responses']['201']['content']['application/json'];

/** Input of `createApiKey`: path and query parameters by name, and the JSON `body`. */
export type CreateApiKeyInput = operations['createApiKey']['parameters']['path'] & { body: NonNullable<operations['createApiKey']['requestBody']>['content']['application/json'] };
/** What `createApiKey` answers with 201. */
export type CreateApiKeyResult = operations['createApiKey']['responses']['201']['content']['application/json'];

/** Input of `createConnection`: path and query parameters by name, and the JSON `body`. */
export type CreateConnectionInput = operations['createConnection']['parameters']['path'] & { body: NonNullable<operations['createConnection']['requestBody']>['content']['application/json'] };
/** What `createConnection` answers with 201. */
export type CreateConnectionResult = operations['createConnection']['responses']['201']['content']['application/json'];

/** Input of `createIntegration`: path and query parameters by name, and the JSON `body`. */
export type CreateIntegrationInput = operations['createIntegration']['parameters']['path'] & { body: NonNullable<operations['createIntegration']['requestBody']>['content']['application/json'] };
/** What `createIntegration` answers with 201. */
export type CreateIntegrationResult = operations['createIntegration']['responses']['201']['content']['application/json'];

/** Input of `createInteraction`: path and query parameters by name, and the JSON `body`. */
export type CreateInteractionInput = operations['createInteraction']['parameters']['path'] & { body: NonNullable<operations['createInteraction']['requestBody']>['content']['application/json'] };
/** What `createInteraction` answers with 201. */
export type CreateInteractionResult = operations['createInteraction']['responses']['201']['content']['application/json'];

/** Input of `createOrg`: path and query parameters by name, and the JSON `body`. */
export type CreateOrgInput = { body: NonNullable<operations['createOrg']['requestBody']>['content']['application/json'] };
/** What `createOrg` answers with 201. */
export type CreateOrgResult = operations['createOrg']['responses']['201']['content']['application/json'];

/** Input of `createPlaceholder`: path and query parameters by name, and the JSON `body`. */
export type CreatePlaceholderInput = operations['createPlaceholder']['parameters']['path'] & { body: NonNullable<operations['createPlaceholder']['requestBody']>['content']['application/json'] };
/** What `createPlaceholder` answers with 201. */
export type CreatePlaceholderResult = operations['createPlaceholder']['responses']['201']['content']['application/json'];

/** Input of `createProvider`: path and query parameters by name, and the JSON `body`. */
export type CreateProviderInput = operations['createProvider']['parameters']['path'] & { body: NonNullable<operations['createProvider']['requestBody']>['content']['application/json'] };
/** What `createProvider` answers with 201. */
export type CreateProviderResult = operations['createProvider']['responses']['201']['content']['application/json'];

/** Input of `createWorkerToken`: path and query parameters by name, and the JSON `body`. */
export type CreateWorkerTokenInput = operations['createWorkerToken']['parameters']['path'] & { body: NonNullable<operations['createWorkerToken']['requestBody']>['content']['application/json'] };
/** What `createWorkerToken` answers with 201. */
export type CreateWorkerTokenResult = operations['createWorkerToken']['responses']['201']['content']['application/json'];

/** Input of `deleteAgent`: path and query parameters by name, and the JSON `body`. */
export type DeleteAgentInput = operations['deleteAgent']['parameters']['path'];
/** What `deleteAgent` answers with 204. */
export type DeleteAgentResult = void;

/** Input of `deleteApiKey`: path and query parameters by name, and the JSON `body`. */
export type DeleteApiKeyInput = operations['deleteApiKey']['parameters']['path'];
/** What `deleteApiKey` answers with 204. */
export type DeleteApiKeyResult = void;

/** Input of `deleteConnection`: path and query parameters by name, and the JSON `body`. */
export type DeleteConnectionInput = operations['deleteConnection']['parameters']['path'];
/** What `deleteConnection` answers with 204. */
export type DeleteConnectionResult = void;

/** Input of `deleteIntegration`: path and query parameters by name, and the JSON `body`. */
export type DeleteIntegrationInput = operations['deleteIntegration']['parameters']['path'];
/** What `deleteIntegration` answers with 204. */
export type DeleteIntegrationResult = void;

/** Input of `deletePlaceholder`: path and query parameters by name, and the JSON `body`. */
export type DeletePlaceholderInput = operations['deletePlaceholder']['parameters']['path'];
/** What `deletePlaceholder` answers with 204. */
export type DeletePlaceholderResult = void;

/** Input of `deleteProvider`: path and query parameters by name, and the JSON `body`. */
export type DeleteProviderInput = operations['deleteProvider']['parameters']['path'];
/** What `deleteProvider` answers with 204. */
export type DeleteProviderResult = void;

/** Input of `deleteWorkerToken`: path and query parameters by name, and the JSON `body`. */
export type DeleteWorkerTokenInput = operations['deleteWorkerToken']['parameters']['path'];
/** What `deleteWorkerToken` answers with 204. */
export type DeleteWorkerTokenResult = void;

/** Input of `getConnection`: path and query parameters by name, and the JSON `body`. */
export type GetConnectionInput = operations['getConnection']['parameters']['path'];
/** What `getConnection` answers with 200. */
export type GetConnectionResult = operations['getConnection']['responses']['200']['content']['application/json'];

/** Input of `getDelivery`: path and query parameters by name, and the JSON `body`. */
export type GetDeliveryInput = operations['getDelivery']['parameters']['path'] & NonNullable<operations['getDelivery']['parameters']['query']>;
/** What `getDelivery` answers with 200. */
export type GetDeliveryResult = operations['getDelivery']['responses']['200']['content']['application/json'];

/** Input of `getIntegration`: path and query parameters by name, and the JSON `body`. */
export type GetIntegrationInput = operations['getIntegration']['parameters']['path'];
/** What `getIntegration` answers with 200. */
export type GetIntegrationResult = operations['getIntegration']['responses']['200']['content']['application/json'];

/** Input of `getInteraction`: path and query parameters by name, and the JSON `body`. */
export type GetInteractionInput = operations['getInteraction']['parameters']['path'];
/** What `getInteraction` answers with 200. */
export type GetInteractionResult = operations['getInteraction']['responses']['200']['content']['application/json'];

/** Input of `getMe`: path and query parameters by name, and the JSON `body`. */
export type GetMeInput = Record<string, never>;
/** What `getMe` answers with 200. */
export type GetMeResult = operations['getMe']['responses']['200']['content']['application/json'];

/** Input of `getMetrics`: path and query parameters by name, and the JSON `body`. */
export type GetMetricsInput = Record<string, never>;
/** What `getMetrics` answers with 200. */
export type GetMetricsResult = string;

/** Input of `getOrg`: path and query parameters by name, and the JSON `body`. */
export type GetOrgInput = operations['getOrg']['parameters']['path'];
/** What `getOrg` answers with 200. */
export type GetOrgResult = operations['getOrg']['responses']['200']['content']['application/json'];

/** Input of `getProvider`: path and query parameters by name, and the JSON `body`. */
export type GetProviderInput = operations['getProvider']['parameters']['path'];
/** What `getProvider` answers with 200. */
export type GetProviderResult = operations['getProvider']['responses']['200']['content']['application/json'];

/** Input of `handleOAuthCallback`: path and query parameters by name, and the JSON `body`. */
export type HandleOAuthCallbackInput = NonNullable<operations['handleOAuthCallback']['parameters']['query']>;
/** What `handleOAuthCallback` answers with 200. */
export type HandleOAuthCallbackResult = operations['handleOAuthCallback']['responses']['200']['content']['application/json'];

/** Input of `issueAccessToken`: path and query parameters by name, and the JSON `body`. */
export type IssueAccessTokenInput = operations['issueAccessToken']['parameters']['path'];
/** What `issueAccessToken` answers with 200. */
export type IssueAccessTokenResult = operations['issueAccessToken']['responses']['200']['content']['application/json'];

/** Input of `listAgents`: path and query parameters by name, and the JSON `body`. */
export type ListAgentsInput = operations['listAgents']['parameters']['path'] & NonNullable<operations['listAgents']['parameters']['query']>;
/** What `listAgents` answers with 200. */
export type ListAgentsResult = operations['listAgents']['responses']['200']['content']['application/json'];

/** Input of `listAuditEntries`: path and query parameters by name, and the JSON `body`. */
export type ListAuditEntriesInput = operations['listAuditEntries']['parameters']['path'] & NonNullable<operations['listAuditEntries']['parameters']['query']>;
/** What `listAuditEntries` answers with 200. */
export type ListAuditEntriesResult = operations['listAuditEntries']['responses']['200']['content']['application/json'];

/** Input of `listCatalog`: path and query parameters by name, and the JSON `body`. */
export type ListCatalogInput = Record<string, never>;
/** What `listCatalog` answers with 200. */
export type ListCatalogResult = operations['listCatalog']['responses']['200']['content']['application/json'];

/** Input of `listConnections`: path and query parameters by name, and the JSON `body`. */
export type ListConnectionsInput = operations['listConnections']['parameters']['path'] & NonNullable<operations['listConnections']['parameters']['query']>;
/** What `listConnections` answers with 200. */
export type ListConnectionsResult = operations['listConnections']['responses']['200']['content']['application/json'];

/** Input of `listConversations`: path and query parameters by name, and the JSON `body`. */
export type ListConversationsInput = operations['listConversations']['parameters']['path'] & NonNullable<operations['listConversations']['parameters']['query']>;
/** What `listConversations` answers with 200. */
export type ListConversationsResult = operations['listConversations']['responses']['200']['content']['application/json'];

/** Input of `listDeliveries`: path and query parameters by name, and the JSON `body`. */
export type ListDeliveriesInput = operations['listDeliveries']['parameters']['path'] & NonNullable<operations['listDeliveries']['parameters']['query']>;
/** What `listDeliveries` answers with 200. */
export type ListDeliveriesResult = operations['listDeliveries']['responses']['200']['content']['application/json'];

/** Input of `listDeliveryAttempts`: path and query parameters by name, and the JSON `body`. */
export type ListDeliveryAttemptsInput = operations['listDeliveryAttempts']['parameters']['path'];
/** What `listDeliveryAttempts` answers with 200. */
export type ListDeliveryAttemptsResult = operations['listDeliveryAttempts']['responses']['200']['content']['application/json'];

/** Input of `listIntegrations`: path and query parameters by name, and the JSON `body`. */
export type ListIntegrationsInput = operations['listIntegrations']['parameters']['path'] & NonNullable<operations['listIntegrations']['parameters']['query']>;
/** What `listIntegrations` answers with 200. */
export type ListIntegrationsResult = operations['listIntegrations']['responses']['200']['content']['application/json'];

/** Input of `listInteractions`: path and query parameters by name, and the JSON `body`. */
export type ListInteractionsInput = operations['listInteractions']['parameters']['path'] & NonNullable<operations['listInteractions']['parameters']['query']>;
/** What `listInteractions` answers with 200. */
export type ListInteractionsResult = operations['listInteractions']['responses']['200']['content']['application/json'];

/** Input of `listOrgs`: path and query parameters by name, and the JSON `body`. */
export type ListOrgsInput = NonNullable<operations['listOrgs']['parameters']['query']>;
/** What `listOrgs` answers with 200. */
export type ListOrgsResult = operations['listOrgs']['responses']['200']['content']['application/json'];

/** Input of `listPlaceholders`: path and query parameters by name, and the JSON `body`. */
export type ListPlaceholdersInput = operations['listPlaceholders']['parameters']['path'] & NonNullable<operations['listPlaceholders']['parameters']['query']>;
/** What `listPlaceholders` answers with 200. */
export type ListPlaceholdersResult = operations['listPlaceholders']['responses']['200']['content']['application/json'];

/** Input of `listProviders`: path and query parameters by name, and the JSON `body`. */
export type ListProvidersInput = operations['listProviders']['parameters']['path'] & NonNullable<operations['listProviders']['parameters']['query']>;
/** What `listProviders` answers with 200. */
export type ListProvidersResult = operations['listProviders']['responses']['200']['content']['application/json'];

/** Input of `listWorkerTokens`: path and query parameters by name, and the JSON `body`. */
export type ListWorkerTokensInput = operations['listWorkerTokens']['parameters']['path'] & NonNullable<operations['listWorkerTokens']['parameters']['query']>;
/** What `listWorkerTokens` answers with 200. */
export type ListWorkerTokensResult = operations['listWorkerTokens']['responses']['200']['content']['application/json'];

/** Input of `mapConversation`: path and query parameters by name, and the JSON `body`. */
export type MapConversationInput = operations['mapConversation']['parameters']['path'] & { body: NonNullable<operations['mapConversation']['requestBody']>['content']['application/json'] };
/** What `mapConversation` answers with 200. */
export type MapConversationResult = operations['mapConversation']['responses']['200']['content']['application/json'];

/** Input of `pullDeliveries`: path and query parameters by name, and the JSON `body`. */
export type PullDeliveriesInput = operations['pullDeliveries']['parameters']['path'] & { body: NonNullable<operations['pullDeliveries']['requestBody']>['content']['application/json'] };
/** What `pullDeliveries` answers with 200. */
export type PullDeliveriesResult = operations['pullDeliveries']['responses']['200']['content']['application/json'];

/** Input of `redriveDeliveries`: path and query parameters by name, and the JSON `body`. */
export type RedriveDeliveriesInput = operations['redriveDeliveries']['parameters']['path'] & { body: NonNullable<operations['redriveDeliveries']['requestBody']>['content']['application/json'] };
/** What `redriveDeliveries` answers with 200. */
export type RedriveDeliveriesResult = operations['redriveDeliveries']['responses']['200']['content']['application/json'];

/** Input of `redriveParked`: path and query parameters by name, and the JSON `body`. */
export type RedriveParkedInput = operations['redriveParked']['parameters']['path'];
/** What `redriveParked` answers with 200. */
export type RedriveParkedResult = operations['redriveParked']['responses']['200']['content']['application/json'];

/** Input of `refreshConnection`: path and query parameters by name, and the JSON `body`. */
export type RefreshConnectionInput = operations['refreshConnection']['parameters']['path'];
/** What `refreshConnection` answers with 200. */
export type RefreshConnectionResult = operations['refreshConnection']['responses']['200']['content']['application/json'];

/** Input of `rotateDeliverySecret`: path and query parameters by name, and the JSON `body`. */
export type RotateDeliverySecretInput = operations['rotateDeliverySecret']['parameters']['path'];
/** What `rotateDeliverySecret` answers with 200. */
export type RotateDeliverySecretResult = operations['rotateDeliverySecret']['responses']['200']['content']['application/json'];

/** Input of `runSweep`: path and query parameters by name, and the JSON `body`. */
export type RunSweepInput = Record<string, never>;
/** What `runSweep` answers with 200. */
export type RunSweepResult = operations['runSweep']['responses']['200']['content']['application/json'];

/** Input of `updateIntegration`: path and query parameters by name, and the JSON `body`. */
export type UpdateIntegrationInput = operations['updateIntegration']['parameters']['path'] & { body: NonNullable<operations['updateIntegration']['requestBody']>['content']['application/json'] };
/** What `updateIntegration` answers with 200. */
export type UpdateIntegrationResult = operations['updateIntegration']['responses']['200']['content']['application/json'];

/** Input of `updateProvider`: path and query parameters by name, and the JSON `body`. */
export type UpdateProviderInput = operations['updateProvider']['parameters']['path'] & { body: NonNullable<operations['updateProvider']['requestBody']>['content']['application/json'] };
/** What `updateProvider` answers with 200. */
export type UpdateProviderResult = operations['updateProvider']['responses']['200']['content']['application/json'];

/** How each operation is called: method, path template, and where its inputs go. */
export const OPERATIONS = {
  ackDeliveries: {
    method: 'POST',
    path: '/v1/orgs/{orgId}/integrations/{id}/deliveries/ack',
    pathParams: ['orgId', 'id'],
    queryParams: [],
    hasBody: true,
    parseAs: 'json',
  },
  answerInteraction: {
    method: 'POST',
    path: '/v1/orgs/{orgId}/interactions/{id}/answer',
    pathParams: ['orgId', 'id'],
    queryParams: [],
    hasBody: true,
    parseAs: 'json',
  },
  authorizeConnection: {
    method: 'POST',
    path: '/v1/orgs/{orgId}/connections/authorize',
    pathParams: ['orgId'],
    queryParams: [],
    hasBody: true,
    parseAs: 'json',
  },
  checkLiveness: {
    method: 'GET',
    path: '/health/live',
    pathParams: [],
    queryParams: [],
    hasBody: false,
    parseAs: 'json',
  },
  checkReadiness: {
    method: 'GET',
    path: '/health/ready',
    pathParams: [],
    queryParams: [],
    hasBody: false,
    parseAs: 'json',
  },
  clientMetadata: {
    method: 'GET',
    path: '/oauth/client-metadata.json',
    pathParams: [],
    queryParams: [],
    hasBody: false,
    parseAs: 'json',
  },
  createAgent: {
    method: 'POST',
    path: '/v1/orgs/{orgId}/agents',
    pathParams: ['orgId'],
    queryParams: [],
    hasBody: true,
    parseAs: 'json',
  },
  createApiKey: {
    method: 'POST',
    path: '/v1/orgs/{orgId}/api-keys',
    pathParams: ['orgId'],
    queryParams: [],
    hasBody: true,
    parseAs: 'json',
  },
  createConnection: {
    method: 'POST',
    path: '/v1/orgs/{orgId}/connections',
    pathParams: ['orgId'],
    queryParams: [],
    hasBody: true,
    parseAs: 'json',
  },
  createIntegration: {
    method: 'POST',
    path: '/v1/orgs/{orgId}/integrations',
    pathParams: ['orgId'],
    queryParams: [],
    hasBody: true,
    parseAs: 'json',
  },
  createInteraction: {
    method: 'POST',
    path: '/v1/orgs/{orgId}/interactions',
    pathParams: ['orgId'],
    queryParams: [],
    hasBody: true,
    parseAs: 'json',
  },
  createOrg: {
    method: 'POST',
    path: '/v1/orgs',
    pathParams: [],
    queryParams: [],
    hasBody: true,
    parseAs: 'json',
  },
  createPlaceholder: {
    method: 'POST',
    path: '/v1/orgs/{orgId}/agents/{agentId}/placeholders',
    pathParams: ['orgId', 'agentId'],
    queryParams: [],
    hasBody: true,
    parseAs: 'json',
  },
  createProvider: {
    method: 'POST',
    path: '/v1/orgs/{orgId}/providers',
    pathParams: ['orgId'],
    queryParams: [],
    hasBody: true,
    parseAs: 'json',
  },
  createWorkerToken: {
    method: 'POST',
    path: '/v1/orgs/{orgId}/agents/{agentId}/worker-tokens',
    pathParams: ['orgId', 'agentId'],
    queryParams: [],
    hasBody: true,
    parseAs: 'json',
  },
  deleteAgent: {
    method: 'DELETE',
    path: '/v1/orgs/{orgId}/agents/{agentId}',
    pathParams: ['orgId', 'agentId'],
    queryParams: [],
    hasBody: false,
    parseAs: 'none',
  },
  deleteApiKey: {
    method: 'DELETE',
    path: '/v1/orgs/{orgId}/api-keys/{id}',
    pathParams: ['orgId', 'id'],
    queryParams: [],
    hasBody: false,
    parseAs: 'none',
  },
  deleteConnection: {
    method: 'DELETE',
    path: '/v1/orgs/{orgId}/connections/{id}',
    pathParams: ['orgId', 'id'],
    queryParams: [],
    hasBody: false,
    parseAs: 'none',
  },
  deleteIntegration: {
    method: 'DELETE',
    path: '/v1/orgs/{orgId}/integrations/{id}',
    pathParams: ['orgId', 'id'],
    queryParams: [],
    hasBody: false,
    parseAs: 'none',
  },
  deletePlaceholder: {
    method: 'DELETE',
    path: '/v1/orgs/{orgId}/agents/{agentId}/placeholders/{id}',
    pathParams: ['orgId', 'agentId', 'id'],
    queryParams: [],
    hasBody: false,
    parseAs: 'none',
  },
  deleteProvider: {
    method: 'DELETE',
    path: '/v1/orgs/{orgId}/providers/{id}',
    pathParams: ['orgId', 'id'],
    queryParams: [],
    hasBody: false,
    parseAs: 'none',
  },
  deleteWorkerToken: {
    method: 'DELETE',
    path: '/v1/orgs/{orgId}/agents/{agentId}/worker-tokens/{id}',
    pathParams: ['orgId', 'agentId', 'id'],
    queryParams: [],
    hasBody: false,
    parseAs: 'none',
  },
  getConnection: {
    method: 'GET',
    path: '/v1/orgs/{orgId}/connections/{id}',
    pathParams: ['orgId', 'id'],
    queryParams: [],
    hasBody: false,
    parseAs: 'json',
  },
  getDelivery: {
    method: 'GET',
    path: '/v1/orgs/{orgId}/ingress/deliveries/{id}',
    pathParams: ['orgId', 'id'],
    queryParams: ['include'],
    hasBody: false,
    parseAs: 'json',
  },
  getIntegration: {
    method: 'GET',
    path: '/v1/orgs/{orgId}/integrations/{id}',
    pathParams: ['orgId', 'id'],
    queryParams: [],
    hasBody: false,
    parseAs: 'json',
  },
  getInteraction: {
    method: 'GET',
    path: '/v1/orgs/{orgId}/interactions/{id}',
    pathParams: ['orgId', 'id'],
    queryParams: [],
    hasBody: false,
    parseAs: 'json',
  },
  getMe: {
    method: 'GET',
    path: '/v1/me',
    pathParams: [],
    queryParams: [],
    hasBody: false,
    parseAs: 'json',
  },
  getMetrics: {
    method: 'GET',
    path: '/metrics',
    pathParams: [],
    queryParams: [],
    hasBody: false,
    parseAs: 'text',
  },
  getOrg: {
    method: 'GET',
    path: '/v1/orgs/{orgId}',
    pathParams: ['orgId'],
    queryParams: [],
    hasBody: false,
    parseAs: 'json',
  },
  getProvider: {
    method: 'GET',
    path: '/v1/orgs/{orgId}/providers/{id}',
    pathParams: ['orgId', 'id'],
    queryParams: [],
    hasBody: false,
    parseAs: 'json',
  },
  handleOAuthCallback: {
    method: 'GET',
    path: '/oauth/callback',
    pathParams: [],
    queryParams: ['error', 'state', 'code'],
    hasBody: false,
    parseAs: 'json',
  },
  issueAccessToken: {
    method: 'POST',
    path: '/v1/orgs/{orgId}/connections/{id}/access-token',
    pathParams: ['orgId', 'id'],
    queryParams: [],
    hasBody: false,
    parseAs: 'json',
  },
  listAgents: {
    method: 'GET',
    path: '/v1/orgs/{orgId}/agents',
    pathParams: ['orgId'],
    queryParams: ['limit', 'cursor'],
    hasBody: false,
    parseAs: 'json',
  },
  listAuditEntries: {
    method: 'GET',
    path: '/v1/orgs/{orgId}/audit',
    pathParams: ['orgId'],
    queryParams: ['limit', 'cursor', 'action', 'agentId', 'connectionId', 'since', 'until'],
    hasBody: false,
    parseAs: 'json',
  },
  listCatalog: {
    method: 'GET',
    path: '/v1/catalog/providers',
    pathParams: [],
    queryParams: [],
    hasBody: false,
    parseAs: 'json',
  },
  listConnections: {
    method: 'GET',
    path: '/v1/orgs/{orgId}/connections',
    pathParams: ['orgId'],
    queryParams: ['limit', 'cursor'],
    hasBody: false,
    parseAs: 'json',
  },
  listConversations: {
    method: 'GET',
    path: '/v1/orgs/{orgId}/conversations',
    pathParams: ['orgId'],
    queryParams: ['limit', 'cursor', 'integrationId'],
    hasBody: false,
    parseAs: 'json',
  },
  listDeliveries: {
    method: 'GET',
    path: '/v1/orgs/{orgId}/ingress/deliveries',
    pathParams: ['orgId'],
    queryParams: ['limit', 'cursor', 'status', 'integrationId'],
    hasBody: false,
    parseAs: 'json',
  },
  listDeliveryAttempts: {
    method: 'GET',
    path: '/v1/orgs/{orgId}/ingress/deliveries/{id}/attempts',
    pathParams: ['orgId', 'id'],
    queryParams: [],
    hasBody: false,
    parseAs: 'json',
  },
  listIntegrations: {
    method: 'GET',
    path: '/v1/orgs/{orgId}/integrations',
    pathParams: ['orgId'],
    queryParams: ['limit', 'cursor'],
    hasBody: false,
    parseAs: 'json',
  },
  listInteractions: {
    method: 'GET',
    path: '/v1/orgs/{orgId}/interactions',
    pathParams: ['orgId'],
    queryParams: ['limit', 'cursor'],
    hasBody: false,
    parseAs: 'json',
  },
  listOrgs: {
    method: 'GET',
    path: '/v1/orgs',
    pathParams: [],
    queryParams: ['limit', 'cursor'],
    hasBody: false,
    parseAs: 'json',
  },
  listPlaceholders: {
    method: 'GET',
    path: '/v1/orgs/{orgId}/agents/{agentId}/placeholders',
    pathParams: ['orgId', 'agentId'],
    queryParams: ['limit', 'cursor'],
    hasBody: false,
    parseAs: 'json',
  },
  listProviders: {
    method: 'GET',
    path: '/v1/orgs/{orgId}/providers',
    pathParams: ['orgId'],
    queryParams: ['limit', 'cursor'],
    hasBody: false,
    parseAs: 'json',
  },
  listWorkerTokens: {
    method: 'GET',
    path: '/v1/orgs/{orgId}/agents/{agentId}/worker-tokens',
    pathParams: ['orgId', 'agentId'],
    queryParams: ['limit', 'cursor'],
    hasBody: false,
    parseAs: 'json',
  },
  mapConversation: {
    method: 'PUT',
    path: '/v1/orgs/{orgId}/conversations',
    pathParams: ['orgId'],
    queryParams: [],
    hasBody: true,
    parseAs: 'json',
  },
  pullDeliveries: {
    method: 'POST',
    path: '/v1/orgs/{orgId}/integrations/{id}/deliveries/pull',
    pathParams: ['orgId', 'id'],
    queryParams: [],
    hasBody: true,
    parseAs: 'json',
  },
  redriveDeliveries: {
    method: 'POST',
    path: '/v1/orgs/{orgId}/ingress/redrive',
    pathParams: ['orgId'],
    queryParams: [],
    hasBody: true,
    parseAs: 'json',
  },
  redriveParked: {
    method: 'POST',
    path: '/v1/orgs/{orgId}/integrations/{id}/redrive-parked',
    pathParams: ['orgId', 'id'],
    queryParams: [],
    hasBody: false,
    parseAs: 'json',
  },
  refreshConnection: {
    method: 'POST',
    path: '/v1/orgs/{orgId}/connections/{id}/refresh',
    pathParams: ['orgId', 'id'],
    queryParams: [],
    hasBody: false,
    parseAs: 'json',
  },
  rotateDeliverySecret: {
    method: 'POST',
    path: '/v1/orgs/{orgId}/integrations/{id}/rotate-delivery-secret',
    pathParams: ['orgId', 'id'],
    queryParams: [],
    hasBody: false,
    parseAs: 'json',
  },
  runSweep: {
    method: 'POST',
    path: '/v1/admin/sweep',
    pathParams: [],
    queryParams: [],
    hasBody: false,
    parseAs: 'json',
  },
  updateIntegration: {
    method: 'PATCH',
    path: '/v1/orgs/{orgId}/integrations/{id}',
    pathParams: ['orgId', 'id'],
    queryParams: [],
    hasBody: true,
    parseAs: 'json',
  },
  updateProvider: {
    method: 'PATCH',
    path: '/v1/orgs/{orgId}/providers/{id}',
    pathParams: ['orgId', 'id'],
    queryParams: [],
    hasBody: true,
    parseAs: 'json',
  },
} as const;

/** One typed method per operation of the API, named by its operationId. */
export interface Operations {
  /** Ack pulled deliveries by leaseId: they are DELIVERED (`POST /v1/orgs/{orgId}/integrations/{id}/deliveries/ack`) */
  ackDeliveries(input: AckDeliveriesInput, options?: RequestOptions): Promise<AckDeliveriesResult>;
  /** Answer an interaction; exactly one answer wins (`POST /v1/orgs/{orgId}/interactions/{id}/answer`) */
  answerInteraction(input: AnswerInteractionInput, options?: RequestOptions): Promise<AnswerInteractionResult>;
  /** Start an OAuth authorization (or a reconnect with connectionId) (`POST /v1/orgs/{orgId}/connections/authorize`) */
  authorizeConnection(input: AuthorizeConnectionInput, options?: RequestOptions): Promise<AuthorizeConnectionResult>;
  /** The process is up (`GET /health/live`) */
  checkLiveness(input?: CheckLivenessInput, options?: RequestOptions): Promise<CheckLivenessResult>;
  /** The database (and Redis when configured) answer (`GET /health/ready`) */
  checkReadiness(input?: CheckReadinessInput, options?: RequestOptions): Promise<CheckReadinessResult>;
  /** plugboard's OAuth Client ID Metadata Document (its client_id at MCP authorization servers) (`GET /oauth/client-metadata.json`) */
  clientMetadata(input?: ClientMetadataInput, options?: RequestOptions): Promise<ClientMetadataResult>;
  /** Create an agent (the identity worker tokens and placeholders are bound to) (`POST /v1/orgs/{orgId}/agents`) */
  createAgent(input: CreateAgentInput, options?: RequestOptions): Promise<CreateAgentResult>;
  /** Create an org API key; the key is shown once (operator) (`POST /v1/orgs/{orgId}/api-keys`) */
  createApiKey(input: CreateApiKeyInput, options?: RequestOptions): Promise<CreateApiKeyResult>;
  /** Import tokens, or obtain a client_credentials token (`POST /v1/orgs/{orgId}/connections`) */
  createConnection(input: CreateConnectionInput, options?: RequestOptions): Promise<CreateConnectionResult>;
  /** Create an integration; deliverySecret is shown once (`POST /v1/orgs/{orgId}/integrations`) */
  createIntegration(input: CreateIntegrationInput, options?: RequestOptions): Promise<CreateIntegrationResult>;
  /** Ask a human: store the question and post it to the chat with one button per option (`POST /v1/orgs/{orgId}/interactions`) */
  createInteraction(input: CreateInteractionInput, options?: RequestOptions): Promise<CreateInteractionResult>;
  /** Create an org (operator) (`POST /v1/orgs`) */
  createOrg(input: CreateOrgInput, options?: RequestOptions): Promise<CreateOrgResult>;
  /** Issue a placeholder (pb_secret_<uuid>) for a connection (default TTL 24 h) (`POST /v1/orgs/{orgId}/agents/{agentId}/placeholders`) */
  createPlaceholder(input: CreatePlaceholderInput, options?: RequestOptions): Promise<CreatePlaceholderResult>;
  /** Configure an OAuth provider (app) for the org; the client secret is never returned (`POST /v1/orgs/{orgId}/providers`) */
  createProvider(input: CreateProviderInput, options?: RequestOptions): Promise<CreateProviderResult>;
  /** Issue a worker token (pbw_…, shown once; default TTL 2 h) (`POST /v1/orgs/{orgId}/agents/{agentId}/worker-tokens`) */
  createWorkerToken(input: CreateWorkerTokenInput, options?: RequestOptions): Promise<CreateWorkerTokenResult>;
  /** Delete an agent; its worker tokens are revoked and its placeholders deleted (`DELETE /v1/orgs/{orgId}/agents/{agentId}`) */
  deleteAgent(input: DeleteAgentInput, options?: RequestOptions): Promise<DeleteAgentResult>;
  /** Revoke an org API key (operator) (`DELETE /v1/orgs/{orgId}/api-keys/{id}`) */
  deleteApiKey(input: DeleteApiKeyInput, options?: RequestOptions): Promise<DeleteApiKeyResult>;
  /** Delete a connection (`DELETE /v1/orgs/{orgId}/connections/{id}`) */
  deleteConnection(input: DeleteConnectionInput, options?: RequestOptions): Promise<DeleteConnectionResult>;
  /** Delete an integration (`DELETE /v1/orgs/{orgId}/integrations/{id}`) */
  deleteIntegration(input: DeleteIntegrationInput, options?: RequestOptions): Promise<DeleteIntegrationResult>;
  /** Delete a placeholder: refused (403) by every process within 1 s (`DELETE /v1/orgs/{orgId}/agents/{agentId}/placeholders/{id}`) */
  deletePlaceholder(input: DeletePlaceholderInput, options?: RequestOptions): Promise<DeletePlaceholderResult>;
  /** Delete a provider and its connections (`DELETE /v1/orgs/{orgId}/providers/{id}`) */
  deleteProvider(input: DeleteProviderInput, options?: RequestOptions): Promise<DeleteProviderResult>;
  /** Delete a worker token: refused (401) by every process within 1 s (`DELETE /v1/orgs/{orgId}/agents/{agentId}/worker-tokens/{id}`) */
  deleteWorkerToken(input: DeleteWorkerTokenInput, options?: RequestOptions): Promise<DeleteWorkerTokenResult>;
  /** Read a connection (never a token) (`GET /v1/orgs/{orgId}/connections/{id}`) */
  getConnection(input: GetConnectionInput, options?: RequestOptions): Promise<GetConnectionResult>;
  /** Read a delivery; ?include=payload adds the payload as received (`GET /v1/orgs/{orgId}/ingress/deliveries/{id}`) */
  getDelivery(input: GetDeliveryInput, options?: RequestOptions): Promise<GetDeliveryResult>;
  /** Read an integration (`GET /v1/orgs/{orgId}/integrations/{id}`) */
  getIntegration(input: GetIntegrationInput, options?: RequestOptions): Promise<GetIntegrationResult>;
  /** Read one interaction with its status (PENDING, ANSWERED, EXPIRED) (`GET /v1/orgs/{orgId}/interactions/{id}`) */
  getInteraction(input: GetInteractionInput, options?: RequestOptions): Promise<GetInteractionResult>;
  /** Who am I (`GET /v1/me`) */
  getMe(input?: GetMeInput, options?: RequestOptions): Promise<GetMeResult>;
  /** Prometheus metrics (`GET /metrics`) */
  getMetrics(input?: GetMetricsInput, options?: RequestOptions): Promise<GetMetricsResult>;
  /** Read an org (operator, or its own key) (`GET /v1/orgs/{orgId}`) */
  getOrg(input: GetOrgInput, options?: RequestOptions): Promise<GetOrgResult>;
  /** Read a provider (`GET /v1/orgs/{orgId}/providers/{id}`) */
  getProvider(input: GetProviderInput, options?: RequestOptions): Promise<GetProviderResult>;
  /** OAuth redirect target; the single-use state is the credential (no API key) (`GET /oauth/callback`) */
  handleOAuthCallback(input?: HandleOAuthCallbackInput, options?: RequestOptions): Promise<HandleOAuthCallbackResult>;
  /** A valid access token, refreshed first when it expires within the skew (`POST /v1/orgs/{orgId}/connections/{id}/access-token`) */
  issueAccessToken(input: IssueAccessTokenInput, options?: RequestOptions): Promise<IssueAccessTokenResult>;
  /** List the org's agents, newest first (`GET /v1/orgs/{orgId}/agents`) */
  listAgents(input: ListAgentsInput, options?: RequestOptions): Promise<ListAgentsResult>;
  /** List audit entries, newest first; Accept: application/x-ndjson streams every match (`GET /v1/orgs/{orgId}/audit`) */
  listAuditEntries(input: ListAuditEntriesInput, options?: RequestOptions): Promise<ListAuditEntriesResult>;
  /** The provider catalog: templates for POST /v1/orgs/:orgId/providers {key, template, clientId, clientSecret} (`GET /v1/catalog/providers`) */
  listCatalog(input?: ListCatalogInput, options?: RequestOptions): Promise<ListCatalogResult>;
  /** List the org's connections (never a token) (`GET /v1/orgs/{orgId}/connections`) */
  listConnections(input: ListConnectionsInput, options?: RequestOptions): Promise<ListConnectionsResult>;
  /** List conversation mappings (`GET /v1/orgs/{orgId}/conversations`) */
  listConversations(input: ListConversationsInput, options?: RequestOptions): Promise<ListConversationsResult>;
  /** List deliveries, newest first (`GET /v1/orgs/{orgId}/ingress/deliveries`) */
  listDeliveries(input: ListDeliveriesInput, options?: RequestOptions): Promise<ListDeliveriesResult>;
  /** List the attempts of a delivery, oldest first (`GET /v1/orgs/{orgId}/ingress/deliveries/{id}/attempts`) */
  listDeliveryAttempts(input: ListDeliveryAttemptsInput, options?: RequestOptions): Promise<ListDeliveryAttemptsResult>;
  /** List integrations (`GET /v1/orgs/{orgId}/integrations`) */
  listIntegrations(input: ListIntegrationsInput, options?: RequestOptions): Promise<ListIntegrationsResult>;
  /** List interactions (questions and approvals), newest first (`GET /v1/orgs/{orgId}/interactions`) */
  listInteractions(input: ListInteractionsInput, options?: RequestOptions): Promise<ListInteractionsResult>;
  /** List orgs (operator) (`GET /v1/orgs`) */
  listOrgs(input?: ListOrgsInput, options?: RequestOptions): Promise<ListOrgsResult>;
  /** List the agent's unexpired placeholders with their policies, newest first (`GET /v1/orgs/{orgId}/agents/{agentId}/placeholders`) */
  listPlaceholders(input: ListPlaceholdersInput, options?: RequestOptions): Promise<ListPlaceholdersResult>;
  /** List the org's providers (`GET /v1/orgs/{orgId}/providers`) */
  listProviders(input: ListProvidersInput, options?: RequestOptions): Promise<ListProvidersResult>;
  /** List the agent's worker tokens (never the tokens themselves), newest first (`GET /v1/orgs/{orgId}/agents/{agentId}/worker-tokens`) */
  listWorkerTokens(input: ListWorkerTokensInput, options?: RequestOptions): Promise<ListWorkerTokensResult>;
  /** Bind an external conversation to an internal conversation id (`PUT /v1/orgs/{orgId}/conversations`) */
  mapConversation(input: MapConversationInput, options?: RequestOptions): Promise<MapConversationResult>;
  /** Pull deliveries of a pull-mode integration under a lease (long poll with waitSeconds) (`POST /v1/orgs/{orgId}/integrations/{id}/deliveries/pull`) */
  pullDeliveries(input: PullDeliveriesInput, options?: RequestOptions): Promise<PullDeliveriesResult>;
  /** Replay DEAD deliveries by ids or by status (`POST /v1/orgs/{orgId}/ingress/redrive`) */
  redriveDeliveries(input: RedriveDeliveriesInput, options?: RequestOptions): Promise<RedriveDeliveriesResult>;
  /** Replay the integration’s PARKED deliveries now (`POST /v1/orgs/{orgId}/integrations/{id}/redrive-parked`) */
  redriveParked(input: RedriveParkedInput, options?: RequestOptions): Promise<RedriveParkedResult>;
  /** Refresh now; answers {ok:true,expiresAt} or {ok:false,errorCode,terminal} (`POST /v1/orgs/{orgId}/connections/{id}/refresh`) */
  refreshConnection(input: RefreshConnectionInput, options?: RequestOptions): Promise<RefreshConnectionResult>;
  /** Rotate the delivery secret; the new one is shown once, the old one keeps signing for 24 h (`POST /v1/orgs/{orgId}/integrations/{id}/rotate-delivery-secret`) */
  rotateDeliverySecret(input: RotateDeliverySecretInput, options?: RequestOptions): Promise<RotateDeliverySecretResult>;
  /** Run the global sweep now (operator) (`POST /v1/admin/sweep`) */
  runSweep(input?: RunSweepInput, options?: RequestOptions): Promise<RunSweepResult>;
  /** Enable/disable or edit an integration; ENABLED redrives its parked deliveries (`PATCH /v1/orgs/{orgId}/integrations/{id}`) */
  updateIntegration(input: UpdateIntegrationInput, options?: RequestOptions): Promise<UpdateIntegrationResult>;
  /** Update a provider (`PATCH /v1/orgs/{orgId}/providers/{id}`) */
  updateProvider(input: UpdateProviderInput, options?: RequestOptions): Promise<UpdateProviderResult>;
}

/** Per-call options: extra headers, an AbortSignal. */
export interface RequestOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}
