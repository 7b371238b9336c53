import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';
import { ForbiddenError } from '../../shared/errors';
import { OrgContext } from '../../shared/org-context';
import { IS_PUBLIC, OPERATOR_ONLY, WORKER_TOKEN_ALLOWED } from '../../shared/public.decorator';
import { ApiKeyAuthenticator } from './api-key.authenticator';

const WORKER_TOKEN = /^Bearer\s+pbw_/i;

/**
 * The one auth guard of the Nest routes (ApiKeyAuthenticator says who a key is and which orgs it
 * sees); the operator key also reaches /v1/admin. The route's org becomes the request's context org.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly orgContext: OrgContext,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest<{ Params: { orgId?: string } }>>();
    // a worker token is the route's own guard's to check (it knows what an agent may do there)
    if (
      WORKER_TOKEN.test(request.headers.authorization ?? '') &&
      this.reflector.getAllAndOverride<boolean>(WORKER_TOKEN_ALLOWED, targets)
    )
      return true;
    const principal = await this.authenticator.principalOf(request.headers.authorization);
    this.orgContext.setPrincipal(principal);

    if (principal.kind === 'org' && this.reflector.getAllAndOverride<boolean>(OPERATOR_ONLY, targets)) {
      throw new ForbiddenError('This route needs the operator key');
    }
    const orgId = request.params?.orgId;
    if (orgId !== undefined) this.orgContext.setOrg(await this.authenticator.visibleOrg(principal, orgId));
    return true;
  }
}
