import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config';
import { LogDestination } from './logging';
import { serveConsole } from './modules/console';
import { buildOpenApiDocument } from './openapi-document';
import { ErrorResponseFilter, sendErrorReply } from './shared/error-response.filter';
import { labelledChildren } from './shared/metric-children';
import { apiBodyLimit } from './shared/raw-http';
import { RawRoutes } from './shared/raw-routes';
import { MetricsRegistry } from './shared/metrics.registry';
import { RateLimits } from './shared/rate-limits';
import { RedisConnections } from './shared/redis-connections';
import { resolveRequestId } from './shared/request-id';
import { urlProblem } from './shared/strict-input';
import { createValidationPipe } from './shared/validation.pipe';
import { ChangeChannel } from './database';

/** The API's own routes (the ingress and proxy routes carry what providers and workers send as is). */
const API_PATH = /^\/(v1|oauth)(\/|\?|$)/;

const CLIENT_ERRORS: Record<string, { status: number; reason: string; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'REQUEST.HEADERS_TOO_LARGE',
    message: 'Request line or headers are too large',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    code: 'REQUEST.TIMEOUT',
    message: 'The request was not received in time',
  },
};
const MALFORMED = {
  status: 400,
  reason: 'Bad Request',
  code: 'REQUEST.MALFORMED',
  message: 'Malformed HTTP request',
};

/**
 * Requests Node's HTTP server rejects itself (oversized headers or URL, broken framing, a client that
 * has not sent its whole request within REQUEST_TIMEOUT_MS) still get the one error body (docs/api.md "Conventions") instead
 * of Node's default text; a request already in Fastify's hands keeps its request id.
 */
function answerMalformedRequest(error: Error & { code?: string }, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean; req?: { id?: unknown } } })
    ._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const answer = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
  const requestId = typeof inFlight?.req?.id === 'string' ? inFlight.req.id : randomUUID();
  const body = JSON.stringify({ error: { code: answer.code, message: answer.message, requestId } });
  socket.end(
    `HTTP/1.1 ${answer.status} ${answer.reason}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `x-request-id: ${requestId}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${body}`,
  );
}

export interface CreateAppOptions {
  config: AppConfig;
  logDestination?: LogDestination;
}

/** Builds the HTTP application; main.ts and the test harness both use exactly this. */
export async function createApp({
  config,
  logDestination,
}: CreateAppOptions): Promise<NestFastifyApplication> {
  const rawRoutes = new RawRoutes();
  const adapter = new FastifyAdapter({
    logger: false,
    serverFactory: rawRoutes.serverFactory(),
    genReqId: (request: IncomingMessage) => resolveRequestId(request.headers['x-request-id']),
    requestIdHeader: false,
    bodyLimit: apiBodyLimit(config),
    // an ingress instance id is a name of up to 128 characters plus its 17-character suffix
    routerOptions: { maxParamLength: 160 },
    return503OnClosing: true,
    // the client address the per-IP rate limit counts (behind a load balancer: TRUST_PROXY)
    trustProxy: config.http.trustProxy,
    // the whole request (headers and body) within REQUEST_TIMEOUT_MS, else 408 from answerMalformedRequest;
    // Node checks at connectionsCheckingInterval, so that is kept well under the timeout
    requestTimeout: config.http.requestTimeoutMs,
    http: {
      connectionsCheckingInterval: Math.max(
        100,
        Math.min(5000, Math.floor(config.http.requestTimeoutMs / 4)),
      ),
      headersTimeout: config.http.requestTimeoutMs,
      requestTimeout: config.http.requestTimeoutMs,
    },
    clientErrorHandler: answerMalformedRequest,
    // router-level rejections (e.g. a path parameter over maxParamLength → 414) in the one error shape
    // (no hook has run yet, so the x-request-id header is set here too)
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      const tooLong = status === 414;
      void sendErrorReply(
        request,
        reply,
        status,
        tooLong ? 'REQUEST.URI_TOO_LONG' : 'REQUEST.INVALID',
        tooLong ? 'Request URI is too long' : 'Request URL could not be decoded',
      );
    },
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    (request.raw as typeof request.raw & { id: string }).id = request.id;
    void reply.header('x-request-id', request.id);
    if (API_PATH.test(request.url)) {
      // API answers are per key and many carry a secret: no shared or browser cache may keep one
      void reply.header('cache-control', 'no-store');
      // the router decodes the path leniently and the query parser keeps broken escapes as text
      const problem = urlProblem(request.url);
      if (problem) return void sendErrorReply(request, reply, 400, 'REQUEST.INVALID', problem);
    }
    done();
  });

  if (config.processRole === 'worker') {
    // A worker runs the queue consumers and the scheduler; its HTTP port only answers health and metrics.
    fastify.addHook('onRequest', (request, reply, done) => {
      if (/^\/(health\/(live|ready)|metrics)(\?|$)/.test(request.url)) return done();
      void reply.status(404).send({
        error: {
          code: 'ROUTE.NOT_FOUND',
          message: 'This is a worker process: only /health and /metrics',
          requestId: request.id,
        },
      });
    });
  }

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, logDestination, rawRoutes }),
    adapter,
    {
      bufferLogs: true,
      abortOnError: false,
    },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();

  if (config.processRole !== 'worker') {
    const redis = app.get(RedisConnections);
    const limits = await RateLimits.install(
      fastify,
      config,
      redis.isEnabled ? redis.client() : undefined,
      app.get(ChangeChannel),
    );
    if (limits) rawRoutes.useGate(limits.rawGate);
  }

  const durationOf = labelledChildren(app.get(MetricsRegistry).httpRequestDuration);
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    durationOf(request.method, route, String(reply.statusCode)).observe(reply.elapsedTime / 1000);
    done();
  });
  app.useGlobalFilters(new ErrorResponseFilter());
  app.useGlobalPipes(createValidationPipe());

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  await serveConsole(app);
  return app;
}
