import { ConflictError, NotFoundError, PlugboardError, ServiceUnavailableError } from '../../shared/errors';

export class InteractionNotFoundError extends NotFoundError {
  constructor() {
    super('Interaction', 'INTERACTION.NOT_FOUND');
  }
}

export class InteractionAlreadyClaimedError extends ConflictError {
  constructor() {
    super('INTERACTION.ALREADY_CLAIMED', 'This interaction has already been answered');
  }
}

export class InteractionPostFailedError extends PlugboardError {
  constructor(reason: string) {
    super('INTERACTION.POST_FAILED', 502, `Posting the question to the chat failed: ${reason}`);
  }
}

/** plugboard never guesses a host to send a token to: the provider must name its chat API. */
export class InteractionNoChatApiError extends PlugboardError {
  constructor() {
    super(
      'INTERACTION.NO_CHAT_API',
      400,
      "The connection's provider has no apiBaseUrl, so there is no chat API to post the question to",
    );
  }
}

/** The id names an approval plugboard asked; a question cannot take it over. */
export class InteractionIdInUseError extends ConflictError {
  constructor() {
    super('INTERACTION.ID_IN_USE', 'This id names an approval, not a question');
  }
}

/** The claim and its delivery were not stored (together, or not at all): the interaction is still open. */
export class AnswerNotStoredError extends ServiceUnavailableError {
  constructor() {
    super('INTERACTION.ANSWER_NOT_STORED', 'The answer could not be stored, try again', 1);
  }
}
