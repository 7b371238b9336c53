import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config';
import { ForbiddenError, UnauthenticatedError } from '../../shared/errors';
import { OrgContext, Principal } from '../../shared/org-context';
import { IS_PUBLIC, OPERATOR_ONLY, WORKER_TOKEN_ALLOWED } from '../../shared/public.decorator';
import { constantTimeEqual } from '../../shared/secure-token';
import { isUuid } from '../../shared/validation';
import { OrganizationsService } from './organizations.service';
import { OrgNotFoundError } from './tenancy.errors';

const WORKER_TOKEN = /^Bearer\s+pbw_/i;

/**
 * The one auth guard. Operator key → every org and /v1/admin; org key → only its own org, where any
 * other org answers 404 exactly like a missing one (no existence oracle). The route's org becomes
 * the request's context org.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly organizations: OrganizationsService,
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
    const principal = await this.authenticate(request.headers.authorization);
    this.orgContext.setPrincipal(principal);

    if (principal.kind === 'org' && this.reflector.getAllAndOverride<boolean>(OPERATOR_ONLY, targets)) {
      throw new ForbiddenError('This route needs the operator key');
    }
    const orgId = request.params?.orgId;
    if (orgId !== undefined) {
      if (!isUuid(orgId)) throw new OrgNotFoundError();
      if (principal.kind === 'org' && principal.orgId !== orgId.toLowerCase()) throw new OrgNotFoundError();
      if (principal.kind === 'operator' && !(await this.organizations.orgExists(orgId)))
        throw new OrgNotFoundError();
      this.orgContext.setOrg(orgId.toLowerCase());
    }
    return true;
  }

  private async authenticate(header: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match) throw new UnauthenticatedError();
    const key = match[1];
    const adminKey = this.config.auth.adminApiKey;
    if (adminKey && constantTimeEqual(key, adminKey)) return { kind: 'operator' };
    const org = await this.organizations.resolveOrgKey(key);
    if (!org) throw new UnauthenticatedError();
    return { kind: 'org', ...org };
  }
}
