import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { PlugboardError } from '../../shared/errors';
import { toErrorResponse } from '../../shared/error-response.filter';
import { ForwardRequestUseCase } from './forward-request.usecase';
import { ProxyMetrics } from './proxy.metrics';
import { WorkerTokensService } from './worker-tokens.service';

/** Every method a worker may send; HEAD is Fastify's automatic twin of the GET route. */
export const PROXY_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** With and without a path below the provider's apiBaseUrl (an MCP server is its base URL itself). */
export const PROXY_ROUTES = ['/proxy/:provider', '/proxy/:provider/*'] as const;

type ProxyRequest = FastifyRequest<{ Params: { provider: string } }>;

/**
 * The secret proxy's HTTP entry, registered as plain Fastify routes rather than a Nest controller:
 * on this path every microsecond is per request, and Nest's per-request chain (router, guards,
 * pipes, interceptors, exception filter) bought nothing the handler cannot do in a few lines. The
 * routes live in their own Fastify scope whose only body parser hands the request stream on
 * untouched, so bodies are streamed to the upstream, never buffered or parsed. The OpenAPI
 * description is in proxy.openapi.ts.
 */
@Injectable()
export class ProxyRoute implements OnModuleInit {
  private readonly logger = new Logger('SecretProxy');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly workerTokens: WorkerTokensService,
    private readonly forwardRequest: ForwardRequestUseCase,
    private readonly metrics: ProxyMetrics,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Not awaited: awaiting would make Fastify build every route queued so far right now, before
    // Nest installs its error and not-found handlers, and those routes would keep Fastify's defaults.
    void fastify.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
      for (const url of PROXY_ROUTES) {
        scope.route({
          method: [...PROXY_METHODS],
          url,
          handler: (request: ProxyRequest, reply) => this.handle(request, reply),
        });
      }
    });
  }

  private async handle(request: ProxyRequest, reply: FastifyReply): Promise<FastifyReply> {
    try {
      const worker = await this.authenticate(request);
      const answer = await this.forwardRequest.execute({
        worker,
        providerKey: request.params.provider,
        method: request.method,
        rawUrl: request.raw.url ?? '',
        headers: request.headers,
        contentType: headerValue(request.headers['content-type']),
        body: request.body instanceof Readable ? request.body : undefined,
      });
      return reply
        .status(answer.status)
        .headers(answer.headers)
        .send(answer.body ?? undefined);
    } catch (error) {
      const { status, body, headers } = toErrorResponse(error, request.id, this.logger);
      return reply.status(status).headers(headers).type('application/json; charset=utf-8').send(body);
    }
  }

  private async authenticate(request: ProxyRequest) {
    try {
      return await this.workerTokens.authenticateWorker(headerValue(request.headers['proxy-authorization']));
    } catch (error) {
      if (error instanceof PlugboardError) this.metrics.recordRefusal(error.code);
      throw error;
    }
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
