import { ConflictError, NotFoundError, RequestInvalidError } from '../../shared/errors';

export class IntegrationNotFoundError extends NotFoundError {
  constructor() {
    super('Integration', 'INTEGRATION.NOT_FOUND');
  }
}

export class InstanceConflictError extends ConflictError {
  constructor(plugin: string, instanceId: string) {
    super(
      'INTEGRATION.INSTANCE_CONFLICT',
      `instanceId ${instanceId} is already used for plugin ${plugin} in this org`,
    );
  }
}

export class DeliveryModeSettingsError extends RequestInvalidError {}

export class IngressSecretRequiredError extends RequestInvalidError {
  constructor(scheme: string) {
    super(`ingress.secret is required for scheme ${scheme}`);
  }
}
