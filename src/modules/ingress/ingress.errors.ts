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
