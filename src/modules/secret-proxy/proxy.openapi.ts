import type { OpenAPIObject } from '@nestjs/swagger';
import { errorResponse, withErrorBodySchema } from '../../shared/openapi-error-body';
import { PROXY_METHODS } from './proxy.route';

type PathItem = OpenAPIObject['paths'][string];
type Operation = NonNullable<PathItem['get']>;
function operation(method: string, withPath: boolean): Operation {
  const suffix = withPath ? '' : 'Root';
  return {
    operationId: `proxy${method[0]}${method.slice(1).toLowerCase()}${suffix}`,
    tags: ['secret-proxy'],
    summary: `${method} through the secret proxy: the placeholder is swapped for the connection's access token`,
    description:
      "A placeholder with `allow` rules refuses every other method and path (403 SECRET_PROXY.NOT_ALLOWED). A call its `approval` covers is held (no answer is sent) until the approver answers in Slack or through POST /v1/orgs/{orgId}/interactions/{id}/answer, at most `timeoutSeconds`: Approve forwards exactly the held request once and returns the upstream's answer.",
    parameters: [
      {
        name: 'provider',
        in: 'path',
        required: true,
        description: "The provider's key; the placeholder's connection must use it",
        schema: { type: 'string' },
      },
      ...(withPath
        ? [
            {
              name: 'path',
              in: 'path' as const,
              required: true,
              description: "Path below the provider's apiBaseUrl (may contain '/')",
              schema: { type: 'string' },
            },
          ]
        : []),
      {
        name: 'Proxy-Authorization',
        in: 'header',
        required: true,
        description: 'Bearer pbw_… (worker token)',
        schema: { type: 'string' },
      },
      {
        name: 'Authorization',
        in: 'header',
        required: false,
        description: 'e.g. Bearer pb_secret_<uuid> (the placeholder may sit in another credential header)',
        schema: { type: 'string' },
      },
    ],
    responses: {
      '200': {
        description: "The upstream's answer, streamed (any status; redirects are returned, not followed)",
      },
      '400': errorResponse('SECRET_PROXY.BAD_PATH'),
      '401': errorResponse('SECRET_PROXY.UNAUTHENTICATED'),
      '403': errorResponse(
        "SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED; SECRET_PROXY.NOT_ALLOWED (outside the placeholder's allow rules); SECRET_PROXY.DENIED / SECRET_PROXY.APPROVAL_TIMEOUT (a held request was denied, or not answered in time; SECRET_PROXY.APPROVAL_ABANDONED is what the audit records when the worker disconnected while held, and the approval shows answer `abandoned`, status EXPIRED). Nothing was sent upstream",
      ),
      '409': errorResponse('CONNECTION.INVALID, SECRET_PROXY.NO_API_BASE_URL'),
      '413': errorResponse(
        'REQUEST.TOO_LARGE: a request held for approval has a body over INGRESS_MAX_BODY_BYTES',
      ),
      '502': errorResponse(
        'SECRET_PROXY.UPSTREAM_UNREACHABLE; INTERACTION.POST_FAILED (the approval could not be posted to the chat; nothing was sent)',
      ),
      '503': errorResponse('SECRET_PROXY.ORG_UNRESOLVED, SECRET_PROXY.PLACEHOLDER_UNRESOLVED'),
      '504': errorResponse('SECRET_PROXY.UPSTREAM_TIMEOUT'),
    },
  };
}

function pathItem(withPath: boolean): PathItem {
  const item: Record<string, Operation> = {};
  for (const method of PROXY_METHODS) item[method.toLowerCase()] = operation(method, withPath);
  return item as PathItem;
}

/**
 * The proxy's routes are plain Fastify routes (proxy.route.ts), which Nest's document generator
 * does not see; this adds them to the OpenAPI document so clients, the fuzzer and generators do.
 */
export function describeProxyRoutes(document: OpenAPIObject): OpenAPIObject {
  withErrorBodySchema(document);
  document.paths['/proxy/{provider}'] = pathItem(false);
  document.paths['/proxy/{provider}/{path}'] = pathItem(true);
  return document;
}
