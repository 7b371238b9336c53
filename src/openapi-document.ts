import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { describeIngressRoute } from './modules/ingress';
import { describeProxyRoutes } from './modules/secret-proxy';
import { OPERATOR_ONLY_EXTENSION, WORKER_TOKEN_EXTENSION } from './shared/public.decorator';

type Json = Record<string, unknown>;
type Operation = {
  operationId?: string;
  parameters?: { in: string; name: string; schema?: Json; description?: string; example?: unknown }[];
  requestBody?: unknown;
  responses: Record<string, Json>;
  security?: Record<string, string[]>[];
  [OPERATOR_ONLY_EXTENSION]?: boolean;
  [WORKER_TOKEN_EXTENSION]?: boolean;
};

const ERROR_SCHEMA = 'ErrorBody';

/** Tags as the document lists them: one per area of the API, each with a line for generated docs. */
const TAGS: [string, string][] = [
  ['me', 'Who the presented key belongs to'],
  ['orgs', 'Orgs and their API keys (operator)'],
  ['providers', "An org's OAuth app configurations"],
  ['connections', 'Credentials of one external account, kept alive by plugboard'],
  ['integrations', 'Where an org receives webhooks and how they are verified and delivered'],
  ['ingress', 'Providers post webhooks here; deliveries, attempts and redrive'],
  ['conversations', 'External conversation ids mapped to internal ones'],
  ['secret-proxy', 'Agents, worker tokens, placeholders, and the proxy workers call'],
  ['interactions', 'Questions from agents to humans in chat, and their answers'],
  ['audit', 'The audit ledger: proxied requests, tokens and placeholders handed out, status changes'],
  ['admin', 'Operator maintenance'],
  ['operations', 'Health, readiness and metrics'],
];

/** Error answers every route may give, each the one error body; `when` decides which routes list it. */
const STANDARD_ERRORS: {
  status: string;
  name: string;
  code: string;
  message: string;
  description: string;
  when: (route: RouteFacts) => boolean;
}[] = [
  {
    status: '400',
    name: 'BadRequest',
    code: 'REQUEST.INVALID',
    message: 'name must be a string',
    description: 'Invalid input (REQUEST.INVALID): the failing fields are in the message',
    when: () => true,
  },
  {
    status: '401',
    name: 'Unauthenticated',
    code: 'AUTH.UNAUTHENTICATED',
    message: 'Missing or invalid API key',
    description: 'Missing or unknown key (AUTH.UNAUTHENTICATED)',
    when: (route) => route.authenticated,
  },
  {
    status: '403',
    name: 'Forbidden',
    code: 'AUTH.FORBIDDEN',
    message: 'This route needs the operator key',
    description: 'An org key on an operator-only route (AUTH.FORBIDDEN)',
    when: (route) => route.operatorOnly,
  },
  {
    status: '404',
    name: 'NotFound',
    code: 'ORG.NOT_FOUND',
    message: 'Organization not found',
    description: "No such resource; another org's resource answers the same (MODULE.NOT_FOUND)",
    when: (route) => route.hasPathParameters,
  },
  {
    status: '429',
    name: 'RateLimited',
    code: 'REQUEST.RATE_LIMITED',
    message: 'Too many requests',
    description: 'Over a rate limit (REQUEST.RATE_LIMITED), with Retry-After',
    when: (route) => route.authenticated,
  },
  {
    status: '500',
    name: 'InternalError',
    code: 'INTERNAL.ERROR',
    message: 'Internal error',
    description: 'Unexpected failure (INTERNAL.ERROR); the requestId finds the log line',
    when: () => true,
  },
  {
    status: '503',
    name: 'ServiceUnavailable',
    code: 'DATABASE.UNAVAILABLE',
    message: 'Database unavailable, try again',
    description: 'A dependency is unavailable (DATABASE.UNAVAILABLE and others), with Retry-After',
    when: () => true,
  },
];

interface RouteFacts {
  authenticated: boolean;
  operatorOnly: boolean;
  hasPathParameters: boolean;
}

/**
 * Parameters that recur on many routes, described once here; a decorator's own description or
 * example wins.
 */
const COMMON_PARAMETERS: Record<string, { description: string; example: unknown }> = {
  orgId: { description: "The org's id", example: '0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b' },
  id: { description: "The resource's id", example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' },
  agentId: { description: "The agent's id (chosen by the client, unique per org)", example: 'support-bot' },
  limit: { description: 'Page size (default 50, at most 500)', example: 50 },
  cursor: {
    description: 'nextCursor of the previous page',
    example: 'MjAyNi0wMS0wMVQwMDowMDowMC4wMDBafDdjOWU',
  },
  status: { description: 'Only rows in this status', example: 'DEAD' },
  integrationId: {
    description: 'Only rows of this integration',
    example: '9b2c1f0e-5d4a-4b3c-8e7f-6a5b4c3d2e1f',
  },
  pluginId: { description: "The integration's plugin slug", example: 'github' },
  instanceId: { description: "The integration's instance id", example: 'acme-main' },
  route: { description: 'Any route name; it is kept on the delivery', example: 'events' },
  provider: { description: "The provider's key within the worker's org", example: 'slack' },
  path: { description: "Path below the provider's apiBaseUrl", example: 'chat.postMessage' },
};

/** Routes whose 2xx body is whatever the upstream answered, not a plugboard schema. */
const PASS_THROUGH_PATHS = new Set(['/proxy/{provider}/{path}', '/proxy/{provider}']);

/**
 * The OpenAPI document as `/docs-json` serves it and `docs/openapi.json` commits it, shaped for
 * client generators: operation ids are the handler names (`listConnections`), every 4xx/5xx carries
 * the one error body component, every operation states its security (operator key, org key, worker
 * token, or none), and every response has a schema.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('plugboard')
    .setDescription(
      'Integration hub for AI-agent platforms: OAuth connections, durable webhook ingress, a secret ' +
        'proxy for agent workers, and questions to humans. Errors are always ' +
        '`{"error":{"code","message","requestId"}}`; lists take `limit` and `cursor` and answer ' +
        '`{"items","nextCursor"}`.',
    )
    .setVersion('0.1.0')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('http://localhost:3000', 'A local plugboard (npm start)')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'The operator key (ADMIN_API_KEY): every org and /v1/admin',
      },
      'operatorKey',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'pbk_…',
        description: 'An org API key: only its own org',
      },
      'orgKey',
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'Proxy-Authorization',
        description: "`Bearer pbw_…`: an agent's worker token, on /proxy",
      },
      'workerToken',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'pbw_…',
        description:
          "An agent's worker token in Authorization, on the routes that list it (pulling the deliveries of an integration whose pullAgentIds names the agent)",
      },
      'workerTokenBearer',
    );
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const generated = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
  });
  // the proxy and ingress routes are plain Fastify routes, which Nest's generator does not see
  return completeDocument(describeIngressRoute(describeProxyRoutes(generated)));
}

/** Rewrites what the decorators cannot say once per route: security, error answers, opaque bodies. */
function completeDocument(document: OpenAPIObject): OpenAPIObject {
  const components = document.components ?? {};
  components.schemas = { ...components.schemas, [ERROR_SCHEMA]: errorBodySchema() };
  components.responses = { ...components.responses };
  for (const error of STANDARD_ERRORS) {
    components.responses[error.name] = errorResponse(error.description, error.code, error.message) as {
      description: string;
    };
  }
  document.components = components;

  for (const [path, pathItem] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(pathItem)) {
      if (!['get', 'put', 'post', 'delete', 'options', 'head', 'patch'].includes(method)) continue;
      const operation = value as Operation;
      const route = describeSecurity(operation);
      for (const parameter of operation.parameters ?? []) describeParameter(parameter);
      if (PASS_THROUGH_PATHS.has(path)) describePassThrough(operation);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (/^[45]\d\d$/.test(status) && !response.$ref) {
          response.content = {
            'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } },
          };
        }
      }
      for (const error of STANDARD_ERRORS) {
        if (operation.responses[error.status] || !error.when(route)) continue;
        operation.responses[error.status] = { $ref: `#/components/responses/${error.name}` };
      }
      operation.responses = sortedByStatus(operation.responses);
    }
  }
  return document;
}

/**
 * Controllers with @ApiBearerAuth() take an org key or the operator key, @OperatorOnly() routes the
 * operator key alone, @WorkerTokenAllowed() routes a worker token as well, and the rest are public (their credential is a signature, a state, or nothing);
 * the proxy's worker token travels in Proxy-Authorization, which becomes its security scheme.
 */
function describeSecurity(operation: Operation): RouteFacts {
  const operatorOnly = operation[OPERATOR_ONLY_EXTENSION] === true;
  delete operation[OPERATOR_ONLY_EXTENSION];
  const workerTokenToo = operation[WORKER_TOKEN_EXTENSION] === true;
  delete operation[WORKER_TOKEN_EXTENSION];
  const hasPathParameters = (operation.parameters ?? []).some((parameter) => parameter.in === 'path');
  const workerHeader = (operation.parameters ?? []).findIndex(
    (parameter) => parameter.in === 'header' && parameter.name.toLowerCase() === 'proxy-authorization',
  );
  if (workerHeader >= 0) {
    operation.parameters?.splice(workerHeader, 1);
    operation.security = [{ workerToken: [] }];
    return { authenticated: false, operatorOnly: false, hasPathParameters };
  }
  const authenticated = (operation.security ?? []).length > 0;
  if (!authenticated) operation.security = [];
  else if (operatorOnly) operation.security = [{ operatorKey: [] }];
  else if (workerTokenToo)
    operation.security = [{ orgKey: [] }, { operatorKey: [] }, { workerTokenBearer: [] }];
  else operation.security = [{ orgKey: [] }, { operatorKey: [] }];
  return { authenticated, operatorOnly, hasPathParameters };
}

function describeParameter(parameter: NonNullable<Operation['parameters']>[number]): void {
  if (!parameter.schema || Object.keys(parameter.schema).length === 0) parameter.schema = { type: 'string' };
  const common = COMMON_PARAMETERS[parameter.name];
  if (!common) return;
  parameter.description ??= common.description;
  if (parameter.example === undefined && parameter.schema.example === undefined && !parameter.schema.enum) {
    parameter.example = common.example;
  }
}

function describePassThrough(operation: Operation): void {
  for (const [status, response] of Object.entries(operation.responses)) {
    if (/^[23]\d\d$/.test(status) && !response.content) {
      response.content = { '*/*': { schema: { type: 'string', format: 'binary' } } };
    }
  }
}

function errorBodySchema(): Json {
  return {
    type: 'object',
    description: 'Every error answer. The same requestId is in the x-request-id header and the log line.',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message', 'requestId'],
        properties: {
          code: { type: 'string', description: 'MODULE.REASON', example: 'INTEGRATION.NOT_FOUND' },
          message: {
            type: 'string',
            description: 'For people; never a secret',
            example: 'Integration not found',
          },
          requestId: { type: 'string', example: '5f0c6c1e-8a0a-4a53-9d0c-2f1f7c1f2b11' },
        },
      },
    },
  };
}

function errorResponse(description: string, code: string, message: string): Json {
  return {
    description,
    content: {
      'application/json': {
        schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` },
        example: { error: { code, message, requestId: '5f0c6c1e-8a0a-4a53-9d0c-2f1f7c1f2b11' } },
      },
    },
  };
}

function sortedByStatus(responses: Record<string, Json>): Record<string, Json> {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}
