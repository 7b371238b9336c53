import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { PlugboardError } from '../../shared/errors';
import { ProxyMetrics } from './proxy.metrics';
import { WorkerPrincipal, WorkerTokensService } from './worker-tokens.service';

const WORKER = Symbol('plugboard:worker');
type WorkerRequest = FastifyRequest & { [WORKER]?: WorkerPrincipal };

/**
 * The proxy route's own guard (it is @Public() for the API-key guard): Proxy-Authorization with a
 * worker token → agent → the agent's current org. Every failure throws; nothing falls through.
 */
@Injectable()
export class WorkerTokenGuard implements CanActivate {
  constructor(
    private readonly workerTokens: WorkerTokensService,
    private readonly metrics: ProxyMetrics,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WorkerRequest>();
    const header = request.headers['proxy-authorization'];
    try {
      request[WORKER] = await this.workerTokens.authenticateWorker(
        Array.isArray(header) ? header[0] : header,
      );
      return true;
    } catch (error) {
      if (error instanceof PlugboardError) this.metrics.recordRefusal(error.code);
      throw error;
    }
  }
}

/** The principal WorkerTokenGuard established; the guard always runs first on the proxy route. */
export const CurrentWorker = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const worker = context.switchToHttp().getRequest<WorkerRequest>()[WORKER];
  if (!worker) throw new Error('CurrentWorker used on a route without WorkerTokenGuard');
  return worker;
});
