/**
 * Every expected failure is a PlugboardError with a `MODULE.REASON` code and the HTTP status the
 * global filter answers with. Messages never hold secrets.
 */
export class PlugboardError extends Error {
  constructor(
    readonly code: string,
    readonly httpStatus: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class RequestInvalidError extends PlugboardError {
  constructor(message: string) {
    super('REQUEST.INVALID', 400, message);
  }
}

export class NotFoundError extends PlugboardError {
  constructor(what: string, code = 'RESOURCE.NOT_FOUND') {
    super(code, 404, `${what} not found`);
  }
}

export class UnauthenticatedError extends PlugboardError {
  constructor(message = 'Missing or invalid API key') {
    super('AUTH.UNAUTHENTICATED', 401, message);
  }
}

export class ForbiddenError extends PlugboardError {
  constructor(message = 'This key may not use this route') {
    super('AUTH.FORBIDDEN', 403, message);
  }
}

export class ConflictError extends PlugboardError {
  constructor(code: string, message: string) {
    super(code, 409, message);
  }
}

export class ServiceUnavailableError extends PlugboardError {
  constructor(code: string, message: string, retryAfterSeconds?: number) {
    super(code, 503, message, retryAfterSeconds ? { 'retry-after': String(retryAfterSeconds) } : {});
  }
}
