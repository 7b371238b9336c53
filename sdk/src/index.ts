export { Plugboard } from './client';
export type { PlugboardOptions, OrgScoped, RedriveProgress } from './client';
export { PlugboardApiError, PlugboardNetworkError, isErrorBody } from './errors';
export type { ErrorBody } from './errors';
export { PageIterator, paginate } from './pagination';
export type { Page } from './pagination';
export { callOperation, createOperations } from './request';
export type { TransportOptions } from './request';
export { verifyDelivery, DeliveryVerificationError } from './webhooks';
export type {
  DeliveryEvent,
  IncomingHeaders,
  IngressDeliveryEvent,
  InteractionAnsweredEvent,
} from './webhooks';
export * from './generated/operations';
export type { components, operations, paths } from './generated/schema';

import type { components } from './generated/schema';
type Schemas = components['schemas'];
/** The API's resources by their everyday names. */
export type Org = Schemas['OrgResponseDto'];
export type Provider = Schemas['ProviderResponseDto'];
export type CatalogProvider = Schemas['CatalogProviderDto'];
export type Connection = Schemas['ConnectionResponseDto'];
export type Integration = Schemas['IntegrationResponseDto'];
export type CreatedIntegration = Schemas['CreatedIntegrationResponseDto'];
export type Delivery = Schemas['DeliveryResponseDto'];
export type DeliveryStatus = Delivery['status'];
export type RedriveResult = Schemas['RedriveResultDto'];
export type Interaction = Schemas['InteractionResponseDto'];
export type Agent = Schemas['AgentResponseDto'];
export type AuditEntry = Schemas['AuditEntryResponseDto'];
export type AuditAction = AuditEntry['action'];
export type Caller = Schemas['OperatorCallerDto'] | Schemas['OrgCallerDto'];
