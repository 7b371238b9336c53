import { FastifyInstance, FastifyRequest } from 'fastify';

export const PROXY_ROUTE = '/proxy/:provider/*';
/** `/proxy/:provider` with nothing after it: an MCP server's endpoint is the API base itself. */
const PROXY_BASE_ROUTE = '/proxy/:provider';
const isProxyRoute = (url: string | undefined): boolean => url === PROXY_ROUTE || url === PROXY_BASE_ROUTE;

/** A media type only the proxy route uses: its parser hands the body on as the raw stream. */
const PROXY_BODY_TYPE = 'application/x-plugboard-proxy-body';
const ORIGINAL_CONTENT_TYPE = Symbol('plugboard:proxy-original-content-type');

type ProxyRequest = FastifyRequest & { [ORIGINAL_CONTENT_TYPE]?: string };

/**
 * Fastify parses bodies before any Nest guard or handler runs, and its JSON parser would buffer
 * (and reject) what the proxy must stream untouched. For the proxy route only, the worker's
 * Content-Type is set aside and replaced by a private media type whose parser leaves the body as
 * the request stream; the forwarder sends the original Content-Type upstream. Other routes keep
 * their parsers, and the private type is refused anywhere but the proxy route.
 */
export function registerProxyStreamBody(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (isProxyRoute(request.routeOptions.url)) {
      const proxyRequest = request as ProxyRequest;
      const original = request.headers['content-type'];
      proxyRequest[ORIGINAL_CONTENT_TYPE] = original;
      request.raw.headers['content-type'] = PROXY_BODY_TYPE;
    }
    done();
  });
  fastify.addContentTypeParser(PROXY_BODY_TYPE, (request, payload, done) => {
    if (!isProxyRoute(request.routeOptions.url)) {
      done(Object.assign(new Error('Unsupported media type'), { statusCode: 415 }), undefined);
      return;
    }
    done(null, payload);
  });
}

export function originalContentType(request: FastifyRequest): string | undefined {
  return (request as ProxyRequest)[ORIGINAL_CONTENT_TYPE];
}
