export { IntegrationsModule } from './integrations.module';
export { IntegrationsService, IngressTarget, IntegrationDescription } from './integrations.service';
export type { IntegrationWithConnections } from './integrations.repository';
export {
  DispatchTarget,
  DispatchTargetRow,
  DispatchTargetColumns,
  dispatchTargetColumns,
  toDispatchTargetRow,
  DELIVERABLE_STATUSES,
} from './dispatch-target';
export { IntegrationStatus, deliveryDispositionFor } from './integration-status.rules';
export {
  DeliveryMode,
  INGRESS_SCHEMES,
  IngressScheme,
  OnErrorPolicy,
  PLUGIN_SLUG,
} from './integration.types';
export { IntegrationNotFoundError } from './integrations.errors';
