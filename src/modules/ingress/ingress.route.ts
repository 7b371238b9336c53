import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { IncomingMessage, ServerResponse } from 'node:http';
import { AppConfig } from '../../config';
import { PlugboardError, RequestInvalidError } from '../../shared/errors';
import { toErrorResponse } from '../../shared/error-response.filter';
import { labelledChildren } from '../../shared/metric-children';
import { MetricsRegistry } from '../../shared/metrics.registry';
import { readBody, sendError, sendJson } from '../../shared/raw-http';
import { RawRoutes } from '../../shared/raw-routes';
import { resolveRequestId } from '../../shared/request-id';
import { AcceptDeliveryUseCase } from './accept-delivery.usecase';
import { INGRESS_ROUTE } from './ingress.constants';

const INGRESS_URL = /^\/ingress\/([^/?#]+)\/([^/?#]+)\/([^/?#]+)\/?(?:[?#].*)?$/s;

/**
 * POST /ingress/:pluginId/:instanceId/:route, taken before Fastify (RawRoutes) like the proxy: an
 * accept does little work of its own, and the framework's per-request machinery (routing, hooks,
 * body parser, middleware) cost more than that work (bench/PROFILE.md). The body is kept raw —
 * signatures are computed over the exact bytes the provider sent, whatever the content type — and
 * INGRESS_MAX_BODY_BYTES is enforced while it arrives (413). The OpenAPI description is in
 * ingress.openapi.ts.
 */
@Injectable()
export class IngressRoute implements OnModuleInit {
  private readonly logger = new Logger('Ingress');
  private readonly durationOf: ReturnType<typeof labelledChildren<{ observe(value: number): void }>>;

  constructor(
    private readonly rawRoutes: RawRoutes,
    private readonly acceptDelivery: AcceptDeliveryUseCase,
    private readonly config: AppConfig,
    registry: MetricsRegistry,
  ) {
    this.durationOf = labelledChildren(registry.httpRequestDuration);
  }

  onModuleInit(): void {
    // a worker process serves only health and metrics: /ingress stays Fastify's, which answers 404
    if (this.config.processRole === 'worker') return;
    this.rawRoutes.register('/ingress/', (request, response) => void this.receive(request, response));
  }

  private async receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const requestId = resolveRequestId(request.headers['x-request-id']);
    response.setHeader('x-request-id', requestId);
    const method = request.method ?? 'GET';
    const match = INGRESS_URL.exec(request.url ?? '');
    try {
      if (!match || method !== 'POST') throw new NoSuchRouteError();
      const rawBody = await readBody(request, this.config.ingress.maxBodyBytes);
      const result = await this.acceptDelivery.execute({
        pluginId: decodeSegment(match[1]),
        instanceId: decodeSegment(match[2]),
        route: decodeSegment(match[3]),
        headers: request.headers,
        rawBody,
      });
      if (result.kind === 'challenge') sendJson(response, 200, { challenge: result.challenge });
      else
        sendJson(response, result.duplicate ? 200 : 202, {
          deliveryId: result.deliveryId,
          duplicate: result.duplicate,
        });
    } catch (error) {
      sendError(request, response, error, toErrorResponse(error, requestId, this.logger));
    }
    const route = match && method === 'POST' ? INGRESS_ROUTE : 'unmatched';
    this.durationOf(method, route, String(response.statusCode)).observe(
      Number(process.hrtime.bigint() - started) / 1e9,
    );
  }
}

class NoSuchRouteError extends PlugboardError {
  constructor() {
    super('ROUTE.NOT_FOUND', 404, 'No such route');
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new RequestInvalidError('The path has a malformed percent-encoding');
  }
}
