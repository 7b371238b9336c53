import type { OpenAPIObject } from '@nestjs/swagger';
import { errorResponse, withErrorBodySchema } from '../../shared/openapi-error-body';
import { INGRESS_ROUTE } from './ingress.constants';

const RECEIPT = {
  type: 'object',
  required: ['deliveryId', 'duplicate'],
  properties: { deliveryId: { type: 'string', format: 'uuid' }, duplicate: { type: 'boolean' } },
};

/**
 * The ingress route is a plain Fastify route (ingress.route.ts), which Nest's document generator does
 * not see; this adds it.
 */
export function describeIngressRoute(document: OpenAPIObject): OpenAPIObject {
  withErrorBodySchema(document);
  const path = INGRESS_ROUTE.replace(/:(\w+)/g, '{$1}');
  const parameter = (name: string, description: string) => ({
    name,
    in: 'path' as const,
    required: true,
    description,
    schema: { type: 'string' as const },
  });
  document.paths[path] = {
    post: {
      operationId: 'receiveWebhook',
      tags: ['ingress'],
      summary: 'Receive a provider webhook (raw body, provider signature headers)',
      parameters: [
        parameter('pluginId', "The integration's plugin slug"),
        parameter('instanceId', "The integration's instance id"),
        parameter('route', 'Any route name the provider is configured with; delivered as `route`'),
      ],
      requestBody: {
        required: false,
        content: {
          'application/json': { schema: { type: 'object' } },
          'application/x-www-form-urlencoded': { schema: { type: 'object' } },
          'text/plain': { schema: { type: 'string' } },
        },
      },
      responses: {
        '200': {
          description:
            'A repeat of a stored delivery (`duplicate: true`), or a Slack url_verification challenge',
          content: { 'application/json': { schema: RECEIPT } },
        },
        '202': {
          description: 'Stored durably, new',
          content: { 'application/json': { schema: RECEIPT } },
        },
        '400': errorResponse('REQUEST.INVALID: a body that cannot be stored (NUL, invalid UTF-8, …)'),
        '401': errorResponse('INGRESS.BAD_SIGNATURE'),
        '404': errorResponse('INGRESS.UNKNOWN_INTEGRATION'),
        '413': errorResponse('REQUEST.TOO_LARGE: over INGRESS_MAX_BODY_BYTES'),
        '503': errorResponse('INGRESS.NOT_STORED, DATABASE.UNAVAILABLE: nothing stored, retry'),
      },
    },
  };
  return document;
}
