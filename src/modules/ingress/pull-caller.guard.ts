import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { ForbiddenError, PlugboardError, UnauthenticatedError } from '../../shared/errors';
import { OrgContext } from '../../shared/org-context';
import { isUuid } from '../../shared/validation';
import { WorkerTokensService } from '../secret-proxy';
import { OrgNotFoundError } from '../tenancy';
import { PullCaller } from './pull-deliveries.usecase';

type PullRequest = FastifyRequest<{ Params: { orgId?: string } }> & { pullCaller?: PullCaller };

/**
 * Who pulls. The API-key guard has already authenticated an org or operator key (and checked the
 * org); a worker token (`Authorization: Bearer pbw_…`) it leaves to this guard, which resolves the
 * token's agent and org exactly as the secret proxy does (revocations heard within a second) and
 * answers another org's route with 404, as for any key.
 */
@Injectable()
export class PullCallerGuard implements CanActivate {
  constructor(
    private readonly workerTokens: WorkerTokensService,
    private readonly orgContext: OrgContext,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<PullRequest>();
    if (this.orgContext.principal()) {
      request.pullCaller = { kind: 'key' };
      return true;
    }
    const worker = await this.workerTokens
      .authenticateWorker(request.headers.authorization)
      .catch((error) => {
        // the proxy's codes are about the proxy; here a token is refused like any key
        if (error instanceof PlugboardError && error.httpStatus === 401)
          throw new UnauthenticatedError('Missing, invalid or expired worker token');
        if (error instanceof PlugboardError && error.httpStatus === 403)
          throw new ForbiddenError(error.message);
        throw error;
      });
    const orgId = request.params?.orgId ?? '';
    if (!isUuid(orgId) || worker.orgId !== orgId.toLowerCase()) throw new OrgNotFoundError();
    this.orgContext.setOrg(worker.orgId);
    request.pullCaller = { kind: 'worker', agentId: worker.agentId };
    return true;
  }
}

/** The caller PullCallerGuard identified. */
export const CurrentPullCaller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): PullCaller =>
    context.switchToHttp().getRequest<PullRequest>().pullCaller ?? { kind: 'key' },
);
