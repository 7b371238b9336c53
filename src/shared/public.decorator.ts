import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC = 'plugboard:public';
export const OPERATOR_ONLY = 'plugboard:operator-only';
/** Marks an operator-only route in the OpenAPI document; src/openapi-document.ts turns it into security. */
export const OPERATOR_ONLY_EXTENSION = 'x-operator-only';

/** No API key: health, metrics, docs, the OAuth callback (the state is the credential), ingress, proxy. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Operator key only; an org key answers 403 AUTH.FORBIDDEN. */
export const OperatorOnly = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(OPERATOR_ONLY, true), ApiExtension(OPERATOR_ONLY_EXTENSION, true));

export const WORKER_TOKEN_ALLOWED = 'plugboard:worker-token-allowed';
/** Marks a route a worker token may call in the OpenAPI document (its security then lists it). */
export const WORKER_TOKEN_EXTENSION = 'x-worker-token';

/**
 * Besides an org or operator key, `Authorization: Bearer pbw_…` (an agent's worker token) is let
 * through the API-key guard; the route's own guard authenticates it and decides what it may do.
 */
export const WorkerTokenAllowed = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(WORKER_TOKEN_ALLOWED, true), ApiExtension(WORKER_TOKEN_EXTENSION, true));
