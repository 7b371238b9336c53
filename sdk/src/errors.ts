/** The error body every plugboard error answer carries. */
export interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

/**
 * plugboard answered with an error status. `code` is the body's `MODULE.REASON` (e.g.
 * `INTEGRATION.NOT_FOUND`), `requestId` finds the server's log line.
 */
export class PlugboardApiError extends Error {
  override readonly name = 'PlugboardApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
    /** Seconds from `Retry-After` (429, 503), when the answer carried one. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }

  /** Builds the error from a non-2xx answer, whatever its body (an error body, text, nothing). */
  static fromResponse(response: Response, body: unknown): PlugboardApiError {
    const error = isErrorBody(body) ? body.error : undefined;
    const retryAfter = Number(response.headers.get('retry-after'));
    return new PlugboardApiError(
      response.status,
      error?.code ?? `HTTP.${response.status}`,
      error?.message ?? (`${response.status} ${response.statusText}`.trim() || 'Request failed'),
      error?.requestId ?? response.headers.get('x-request-id'),
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    );
  }
}

/** plugboard could not be reached, or the connection broke before an answer. */
export class PlugboardNetworkError extends Error {
  override readonly name = 'PlugboardNetworkError';

  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}

export function isErrorBody(body: unknown): body is ErrorBody {
  const error = (body as { error?: unknown } | null | undefined)?.error as
    Record<string, unknown> | undefined;
  return typeof error === 'object' && error !== null && typeof error.code === 'string';
}
