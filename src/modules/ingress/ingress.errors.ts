import { ConflictError, NotFoundError, PlugboardError, ServiceUnavailableError } from '../../shared/errors';

export class BadSignatureError extends PlugboardError {
  constructor() {
    super('INGRESS.BAD_SIGNATURE', 401, 'Signature missing, invalid or outside the ±5 minute window');
  }
}

export class UnknownIngressTargetError extends NotFoundError {
  constructor() {
    super('Integration', 'INGRESS.UNKNOWN_INTEGRATION');
  }
}

export class DeliveryNotFoundError extends NotFoundError {
  constructor() {
    super('Delivery', 'DELIVERY.NOT_FOUND');
  }
}

export class ConversationMappingConflict extends ConflictError {
  constructor(conversationId: string) {
    super(
      'CONVERSATION.MAPPING_CONFLICT',
      `conversationId ${conversationId} is already bound to another external conversation`,
    );
  }
}

/** The batch this delivery was part of could not be stored: nothing of it was, the provider retries. */
export class DeliveryNotStoredError extends ServiceUnavailableError {
  constructor() {
    super('INGRESS.NOT_STORED', 'The delivery could not be stored, try again', 1);
  }
}

/** Pull and ack are for pull-mode integrations; a push integration's deliveries are POSTed. */
export class NotPullModeError extends ConflictError {
  constructor() {
    super(
      'INGRESS.NOT_PULL_MODE',
      'This integration pushes its deliveries to its deliveryUrl; it cannot be pulled',
    );
  }
}

/** Nothing is handed out while the integration is DISABLED, ERROR or NEEDS_CONFIG; its deliveries wait. */
export class IntegrationNotDeliverableError extends ConflictError {
  constructor(status: string) {
    super(
      'INGRESS.INTEGRATION_NOT_DELIVERABLE',
      `The integration is ${status}: its deliveries wait until it is ENABLED again`,
    );
  }
}

/** A worker token of an agent the integration does not list in pullAgentIds. */
export class PullForbiddenError extends PlugboardError {
  constructor() {
    super(
      'INGRESS.PULL_FORBIDDEN',
      403,
      "This worker token's agent is not in the integration's pullAgentIds",
    );
  }
}
