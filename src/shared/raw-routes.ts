import { createServer, IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';

export type RawHandler = (request: IncomingMessage, response: ServerResponse) => void;
/** Runs before every raw route (e.g. rate limits): calls `next` to let the request through. */
export type RawGate = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

/**
 * HTTP handlers that take their requests before Fastify sees them. Only for a path where the
 * framework's per-request work (routing, hooks, request and reply objects, middleware) costs more
 * than the request itself: the secret proxy, ingress, and an interaction's answer with a JSON body. A
 * module registers its handler at start-up; everything else goes to Fastify as usual.
 */
export class RawRoutes {
  private readonly routes: Array<{
    prefix: string;
    handler: RawHandler;
    takes?: (request: IncomingMessage) => boolean;
  }> = [];
  private gate?: RawGate;

  /** `takes`, when given, narrows the prefix: a request it declines goes on to Fastify. */
  register(prefix: string, handler: RawHandler, takes?: (request: IncomingMessage) => boolean): void {
    this.routes.push({ prefix, handler, takes });
  }

  useGate(gate: RawGate): void {
    this.gate = gate;
  }

  /** True when a raw route took the request. */
  dispatch(request: IncomingMessage, response: ServerResponse): boolean {
    const url = request.url ?? '';
    for (const route of this.routes) {
      if (url.startsWith(route.prefix) && (!route.takes || route.takes(request))) {
        if (this.gate) this.gate(request, response, () => route.handler(request, response));
        else route.handler(request, response);
        return true;
      }
    }
    return false;
  }

  /**
   * Fastify's `serverFactory`: the HTTP server Fastify would create (its timeouts included), with
   * the raw routes in front of Fastify's handler.
   */
  serverFactory(): (
    fastifyHandler: RawHandler,
    options: {
      http?: ServerOptions;
      keepAliveTimeout?: number;
      requestTimeout?: number;
      connectionTimeout?: number;
    },
  ) => Server {
    return (fastifyHandler, options) => {
      const server = createServer(options.http ?? {}, (request, response) => {
        if (!this.dispatch(request, response)) fastifyHandler(request, response);
      });
      if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
      if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
      if (options.connectionTimeout !== undefined) server.setTimeout(options.connectionTimeout);
      return server;
    };
  }
}
