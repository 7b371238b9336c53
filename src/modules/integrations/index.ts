export { IntegrationsModule } from './integrations.module';
export { IntegrationsService, IngressTarget, DispatchTarget } from './integrations.service';
export { IntegrationStatus, deliveryDispositionFor } from './integration-status.rules';
export { INGRESS_SCHEMES, IngressScheme, OnErrorPolicy, PLUGIN_SLUG } from './integration.types';
export { IntegrationNotFoundError } from './integrations.errors';
