import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../config';
import { toErrorResponse } from '../../shared/error-response.filter';
import { AcceptDeliveryUseCase } from './accept-delivery.usecase';
import { INGRESS_ROUTE } from './ingress.constants';

type IngressRequest = FastifyRequest<{ Params: { pluginId: string; instanceId: string; route: string } }>;

/**
 * POST /ingress/:pluginId/:instanceId/:route as a plain Fastify route (like the proxy's): the accept
 * path is per request, and Nest's chain (router, guards, pipes, interceptors, filter) cost a fifth of
 * it for nothing the handler needs. Its own Fastify scope keeps every body raw — signatures are
 * computed over the exact bytes the provider sent, whatever the content type — and enforces
 * INGRESS_MAX_BODY_BYTES (413). The OpenAPI description is in ingress.openapi.ts.
 */
@Injectable()
export class IngressRoute implements OnModuleInit {
  private readonly logger = new Logger('Ingress');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly acceptDelivery: AcceptDeliveryUseCase,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const bodyLimit = this.config.ingress.maxBodyBytes;
    // not awaited: see ProxyRoute (awaiting would build the routes before Nest's error handler exists)
    void fastify.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) =>
        done(null, body),
      );
      scope.setErrorHandler((error, request, reply) => this.answerError(error, request, reply));
      scope.post(INGRESS_ROUTE, { bodyLimit }, (request: IngressRequest, reply) =>
        this.receive(request, reply),
      );
    });
  }

  private async receive(request: IngressRequest, reply: FastifyReply): Promise<FastifyReply> {
    const { pluginId, instanceId, route } = request.params;
    try {
      const result = await this.acceptDelivery.execute({
        pluginId,
        instanceId,
        route,
        headers: request.headers,
        rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
      });
      if (result.kind === 'challenge') return reply.status(200).send({ challenge: result.challenge });
      return reply
        .status(result.duplicate ? 200 : 202)
        .send({ deliveryId: result.deliveryId, duplicate: result.duplicate });
    } catch (error) {
      return this.answerError(error, request, reply);
    }
  }

  /** Handler errors and the body parser's (413, a broken stream) in the API's error shape. */
  private answerError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const { status, body, headers } = toErrorResponse(error, request.id, this.logger);
    return reply.status(status).headers(headers).type('application/json; charset=utf-8').send(body);
  }
}
