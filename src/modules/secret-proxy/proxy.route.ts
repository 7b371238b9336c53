import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { AppConfig } from '../../config';
import { PlugboardError, RequestInvalidError } from '../../shared/errors';
import { toErrorResponse } from '../../shared/error-response.filter';
import { labelledChildren } from '../../shared/metric-children';
import { MetricsRegistry } from '../../shared/metrics.registry';
import { RawRoutes } from '../../shared/raw-routes';
import { resolveRequestId } from '../../shared/request-id';
import { AuditRecorder } from '../audit';
import { ForwardRequestUseCase, ProxyAnswer, ProxyTrace } from './forward-request.usecase';
import { ProxyMetrics } from './proxy.metrics';
import { WorkerRefusedError } from './secret-proxy.errors';
import { WorkerPrincipal, WorkerTokensService } from './worker-tokens.service';

/** Every method a worker may send (HEAD is forwarded as HEAD). */
export const PROXY_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** With and without a path below the provider's apiBaseUrl (an MCP server is its base URL itself). */
export const PROXY_ROUTES = ['/proxy/:provider', '/proxy/:provider/*'] as const;

const FORWARDED_METHODS = new Set<string>([...PROXY_METHODS, 'HEAD']);
const PROXY_URL = /^\/proxy\/([^/?#]+)([/?#]|$)/;

/**
 * ANY /proxy/:provider[/<path>]. Taken before Fastify (RawRoutes): a proxied request does little
 * work of its own, and a framework's per-request machinery — routing, hooks, request and reply
 * objects, middleware — cost several times that work (bench/PROFILE.md). What Fastify gave the
 * route is done here in a few lines: the request id, the error body, the request-duration metric
 * under the route template. Bodies stream both ways; the request body is read only by the
 * forwarder. The OpenAPI description is in proxy.openapi.ts.
 *
 * Every call of a known worker is one audit entry, recorded here and only here, once its answer
 * is complete: forwarded or refused, whatever refused it (the error's code is the entry's code),
 * so a refusal added anywhere below is in the ledger without more code. A call whose worker token
 * names no org (401, or 503 when the org cannot be read) has no ledger to go to.
 */
@Injectable()
export class ProxyRoute implements OnModuleInit {
  private readonly logger = new Logger('SecretProxy');
  private readonly durationOf: ReturnType<typeof labelledChildren<{ observe(value: number): void }>>;

  constructor(
    private readonly rawRoutes: RawRoutes,
    private readonly config: AppConfig,
    private readonly workerTokens: WorkerTokensService,
    private readonly forwardRequest: ForwardRequestUseCase,
    private readonly metrics: ProxyMetrics,
    private readonly audit: AuditRecorder,
    registry: MetricsRegistry,
  ) {
    this.durationOf = labelledChildren(registry.httpRequestDuration);
  }

  onModuleInit(): void {
    // a worker process serves only health and metrics: /proxy stays Fastify's, which answers 404
    if (this.config.processRole === 'worker') return;
    this.rawRoutes.register('/proxy/', (request, response) => void this.handle(request, response));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const requestId = resolveRequestId(request.headers['x-request-id']);
    response.setHeader('x-request-id', requestId);
    const url = request.url ?? '';
    const match = PROXY_URL.exec(url);
    const route = match && match[2] === '/' ? PROXY_ROUTES[1] : PROXY_ROUTES[0];
    const method = request.method ?? 'GET';
    const trace: ProxyTrace = { connectionId: null };
    let worker: WorkerPrincipal | undefined;
    try {
      if (!match || !FORWARDED_METHODS.has(method)) throw new NoSuchProxyRouteError();
      worker =
        this.workerTokens.workerNow(header(request.headers['proxy-authorization'])) ??
        (await this.authenticate(request));
      const answer = await this.forwardRequest.execute({
        worker,
        providerKey: decodeSegment(match[1]),
        method,
        rawUrl: url,
        headers: request.headers,
        contentType: header(request.headers['content-type']),
        body: request,
        abandoned: () => abandonedSignal(response),
        trace,
        requestId,
      });
      const caller = worker;
      this.send(response, answer, () => {
        this.observe(method, route, response.statusCode, started);
        this.recordCall(caller, { method, url, requestId, trace, started }, response.statusCode, null);
      });
    } catch (error) {
      const code = this.sendError(response, error, requestId);
      this.observe(method, route, response.statusCode, started);
      const caller = worker ?? (error instanceof WorkerRefusedError ? error.worker : undefined);
      if (caller)
        this.recordCall(caller, { method, url, requestId, trace, started }, response.statusCode, code);
    }
  }

  private recordCall(
    worker: WorkerPrincipal,
    call: { method: string; url: string; requestId: string; trace: ProxyTrace; started: bigint },
    status: number,
    code: string | null,
  ): void {
    this.audit.record({
      orgId: worker.orgId,
      action: 'proxy.request',
      actor: { type: 'agent', id: worker.agentId },
      agentId: worker.agentId,
      connectionId: call.trace.connectionId,
      method: call.method,
      path: call.url,
      status,
      code,
      durationMs: Number(process.hrtime.bigint() - call.started) / 1e6,
      requestId: call.requestId,
    });
  }

  private async authenticate(request: IncomingMessage): Promise<WorkerPrincipal> {
    try {
      return await this.workerTokens.authenticateWorker(header(request.headers['proxy-authorization']));
    } catch (error) {
      if (error instanceof PlugboardError) this.metrics.recordRefusal(error.code);
      throw error;
    }
  }

  private send(response: ServerResponse, answer: ProxyAnswer, done: () => void): void {
    response.writeHead(answer.status, answer.headers);
    if (answer.body === null || Buffer.isBuffer(answer.body)) {
      response.end(answer.body ?? undefined, done);
      return;
    }
    // an upstream that fails mid-answer leaves the worker a cut-off answer: the connection is closed
    pipeline(answer.body, response, () => done());
  }

  /** Answers the error body and returns its code (for the audit). */
  private sendError(response: ServerResponse, error: unknown, requestId: string): string {
    if (response.headersSent) {
      response.destroy();
      return error instanceof PlugboardError ? error.code : 'INTERNAL.ERROR';
    }
    const { status, body, headers } = toErrorResponse(error, requestId, this.logger);
    const text = JSON.stringify(body);
    response.writeHead(status, {
      ...headers,
      // the rest of a body we stopped reading must not be parsed as the next request
      ...(status === 413 ? { connection: 'close' } : {}),
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
    return body.error.code;
  }

  private observe(method: string, route: string, status: number, started: bigint): void {
    this.durationOf(method, route, String(status)).observe(Number(process.hrtime.bigint() - started) / 1e9);
  }
}

/** A method or path the proxy does not serve: the same 404 as any unknown route. */
class NoSuchProxyRouteError extends PlugboardError {
  constructor() {
    super('ROUTE.NOT_FOUND', 404, 'No such route');
  }
}

/** Fires when the worker's connection closes before its answer was sent (it will never read one). */
function abandonedSignal(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  if (response.destroyed) controller.abort();
  else response.once('close', () => !response.writableFinished && controller.abort());
  return controller.signal;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new RequestInvalidError('The provider segment has a malformed percent-encoding');
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
