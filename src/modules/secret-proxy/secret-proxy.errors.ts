import { ConflictError, NotFoundError, PlugboardError, ServiceUnavailableError } from '../../shared/errors';

/** Missing, malformed, unknown or expired worker token. */
export class ProxyUnauthenticatedError extends PlugboardError {
  constructor(message = 'Missing or invalid worker token') {
    super('SECRET_PROXY.UNAUTHENTICATED', 401, message);
  }
}

/** Revoked token, deleted or moved agent, or a placeholder this worker may not use. */
export class ProxyForbiddenError extends PlugboardError {
  constructor(message = 'This worker may not make this call') {
    super('SECRET_PROXY.FORBIDDEN', 403, message);
  }
}

/** A known worker token refused (revoked, its agent deleted or moved): its worker is still named in the audit. */
export class WorkerRefusedError extends ProxyForbiddenError {
  constructor(
    message: string,
    readonly worker: { orgId: string; agentId: string; tokenId: string },
  ) {
    super(message);
  }
}

/** Fail closed: the worker's org could not be resolved, so nothing is forwarded. */
export class OrgUnresolvedError extends ServiceUnavailableError {
  constructor() {
    super('SECRET_PROXY.ORG_UNRESOLVED', 'The worker token could not be resolved, try again', 1);
  }
}

export class PlaceholderUnresolvedError extends ServiceUnavailableError {
  constructor() {
    super('SECRET_PROXY.PLACEHOLDER_UNRESOLVED', 'The placeholder could not be resolved, try again', 1);
  }
}

export class BadProxyPathError extends PlugboardError {
  constructor(message = 'The proxied path must be a plain relative path') {
    super('SECRET_PROXY.BAD_PATH', 400, message);
  }
}

export class ProxyUpstreamRefusedError extends PlugboardError {
  constructor() {
    super('SECRET_PROXY.UPSTREAM_REFUSED', 403, 'The provider API address is not allowed');
  }
}

export class ProxyUpstreamTimeoutError extends PlugboardError {
  constructor() {
    super('SECRET_PROXY.UPSTREAM_TIMEOUT', 504, 'The provider API did not answer in time');
  }
}

export class ProxyUpstreamUnreachableError extends PlugboardError {
  constructor() {
    super('SECRET_PROXY.UPSTREAM_UNREACHABLE', 502, 'The provider API could not be reached');
  }
}

export class ProviderNotProxiableError extends ConflictError {
  constructor() {
    super('SECRET_PROXY.NO_API_BASE_URL', 'The provider has no apiBaseUrl to proxy to');
  }
}

export class AgentNotFoundError extends NotFoundError {
  constructor() {
    super('Agent', 'AGENT.NOT_FOUND');
  }
}

export class AgentAlreadyExistsError extends ConflictError {
  constructor() {
    super('AGENT.ALREADY_EXISTS', 'An agent with this id already exists');
  }
}

export class WorkerTokenNotFoundError extends NotFoundError {
  constructor() {
    super('Worker token', 'WORKER_TOKEN.NOT_FOUND');
  }
}

export class PlaceholderNotFoundError extends NotFoundError {
  constructor() {
    super('Placeholder', 'PLACEHOLDER.NOT_FOUND');
  }
}

/** The placeholder's `allow` rules do not cover this method and path. */
export class ProxyNotAllowedError extends PlugboardError {
  constructor() {
    super('SECRET_PROXY.NOT_ALLOWED', 403, "This method and path are outside the placeholder's allow rules");
  }
}

export class ProxyApprovalDeniedError extends PlugboardError {
  constructor() {
    super('SECRET_PROXY.DENIED', 403, 'The approver denied this request; nothing was sent');
  }
}

export class ProxyApprovalTimeoutError extends PlugboardError {
  constructor() {
    super('SECRET_PROXY.APPROVAL_TIMEOUT', 403, 'No answer to the approval in time; nothing was sent');
  }
}

/**
 * The worker's connection closed while its request was held: nothing is sent. The worker never
 * reads this answer; it is what the audit and the metrics record.
 */
export class ProxyApprovalAbandonedError extends PlugboardError {
  constructor() {
    super(
      'SECRET_PROXY.APPROVAL_ABANDONED',
      403,
      'The worker went away while its request was held; nothing was sent',
    );
  }
}

/** A held request's body must be kept whole until it is approved, so it is bounded. */
export class HeldBodyTooLargeError extends PlugboardError {
  constructor() {
    super('REQUEST.TOO_LARGE', 413, 'Request body is too large to hold for approval');
  }
}
