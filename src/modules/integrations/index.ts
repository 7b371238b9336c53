export { IntegrationsModule } from './integrations.module';
export { IntegrationsService, IngressTarget } from './integrations.service';
export {
  DispatchTarget,
  DispatchTargetRow,
  dispatchTargetColumns,
  DELIVERABLE_STATUSES,
} from './dispatch-target';
export { IntegrationStatus, deliveryDispositionFor } from './integration-status.rules';
export { INGRESS_SCHEMES, IngressScheme, OnErrorPolicy, PLUGIN_SLUG } from './integration.types';
export { IntegrationNotFoundError } from './integrations.errors';
