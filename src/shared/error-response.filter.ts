import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { PlugboardError } from './errors';
import { isDatabaseUnavailable } from './postgres-errors';

export interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

const STATUS_CODES: Record<number, string> = {
  400: 'REQUEST.INVALID',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'ROUTE.NOT_FOUND',
  405: 'ROUTE.METHOD_NOT_ALLOWED',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'REQUEST.RATE_LIMITED',
};

/**
 * Answers in the one error shape (docs/api.md) from outside Nest (Fastify hooks and router rejections), with
 * the x-request-id header equal to the body's requestId.
 */
export function sendErrorReply(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): FastifyReply {
  const body: ErrorBody = { error: { code, message, requestId: request.id } };
  return reply
    .status(status)
    .headers(headers)
    .header('x-request-id', request.id)
    .header('cache-control', 'no-store')
    .header('content-type', 'application/json; charset=utf-8')
    .send(body);
}

/** Maps anything thrown to the one error body; an unknown error is logged once with its stack. */
export function toErrorResponse(
  error: unknown,
  requestId: string,
  logger: Logger,
): { status: number; body: ErrorBody; headers: Record<string, string> } {
  const body = (code: string, message: string): ErrorBody => ({ error: { code, message, requestId } });
  if (error instanceof PlugboardError) {
    // an expected failure of the server's own state (e.g. SECRET.UNREADABLE) is still the operator's to see
    if (error.httpStatus === 500) logger.error({ requestId, code: error.code }, error.message);
    return { status: error.httpStatus, body: body(error.code, error.message), headers: error.headers };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL.ERROR' : 'REQUEST.REJECTED');
    const message = status === 404 ? 'No such route' : plainMessage(error);
    return { status, body: body(code, message), headers: {} };
  }
  const fastifyStatus = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    // Fastify's own rejections (bad JSON, body too large, bad content type) carry a statusCode.
    const code = STATUS_CODES[fastifyStatus] ?? 'REQUEST.REJECTED';
    const message = fastifyStatus === 413 ? 'Request body is too large' : 'Request could not be parsed';
    return { status: fastifyStatus, body: body(code, message), headers: {} };
  }
  if (isDatabaseUnavailable(error)) {
    logger.warn({ requestId, err: error }, 'database unavailable');
    return {
      status: 503,
      body: body('DATABASE.UNAVAILABLE', 'Database unavailable, try again'),
      headers: { 'retry-after': '1' },
    };
  }
  logger.error({ requestId, err: error }, 'unhandled error');
  return { status: 500, body: body('INTERNAL.ERROR', 'Internal error'), headers: {} };
}

function plainMessage(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
}

@Catch()
export class ErrorResponseFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorResponseFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status, body, headers } = toErrorResponse(error, request.id, this.logger);
    void reply
      .status(status)
      .headers(headers)
      .header('content-type', 'application/json; charset=utf-8')
      .send(body);
  }
}
