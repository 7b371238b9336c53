import type { OpenAPIObject } from '@nestjs/swagger';

type Schema = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

const ERROR_BODY_NAME = 'ErrorBody';

/** Every error answer's body: `{error:{code,message,requestId}}`. */
const ERROR_BODY: Schema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, requestId: { type: 'string' } },
    },
  },
};

/** An error answer for a hand-written OpenAPI operation (routes Nest's generator does not see). */
export function errorResponse(description: string) {
  return {
    description,
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_BODY_NAME}` } } },
  };
}

/** Adds the ErrorBody schema errorResponse() refers to, unless the document has it already. */
export function withErrorBodySchema(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas[ERROR_BODY_NAME] ??= ERROR_BODY;
  return document;
}
