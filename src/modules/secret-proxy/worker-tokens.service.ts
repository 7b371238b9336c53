import { Injectable, Logger } from '@nestjs/common';
import { generateToken, hashToken } from '../../shared/secure-token';
import { AgentsRepository } from './agents.repository';
import { WorkerTokenResponseDto } from './dto/worker-token.response.dto';
import {
  AgentNotFoundError,
  OrgUnresolvedError,
  ProxyForbiddenError,
  ProxyUnauthenticatedError,
} from './secret-proxy.errors';
import { WorkerResolutionCache } from './worker-resolution.cache';
import { WorkerTokensRepository } from './worker-tokens.repository';

export const WORKER_TOKEN_PREFIX = 'pbw_';
export const DEFAULT_WORKER_TOKEN_TTL_SECONDS = 2 * 3600;

/** generateToken(prefix) makes 32 random bytes, 43 base64url characters. */
const PROXY_AUTHORIZATION = /^Bearer\s+(pbw_[A-Za-z0-9_-]{43})\s*$/i;

export interface WorkerPrincipal {
  orgId: string;
  agentId: string;
  tokenId: string;
}

@Injectable()
export class WorkerTokensService {
  private readonly logger = new Logger(WorkerTokensService.name);

  constructor(
    private readonly workerTokens: WorkerTokensRepository,
    private readonly agents: AgentsRepository,
    private readonly cache: WorkerResolutionCache,
  ) {}

  async issueWorkerToken(
    orgId: string,
    agentId: string,
    ttlSeconds = DEFAULT_WORKER_TOKEN_TTL_SECONDS,
  ): Promise<WorkerTokenResponseDto> {
    if (!(await this.agents.existsInOrg(orgId, agentId))) throw new AgentNotFoundError();
    const token = generateToken(WORKER_TOKEN_PREFIX);
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    const row = await this.workerTokens.insert(orgId, { agentId, tokenHash: hashToken(token), expiresAt });
    return { id: row.id, agentId, token, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Proxy-Authorization → the worker's agent and org, in this order: token (401 when missing,
   * malformed, unknown or expired), revocation (403), then the agent's org re-read from the
   * database on every request (403 when the agent is gone or now belongs to another org). Any
   * database error answers 503 ORG_UNRESOLVED: never fall through with an unknown org. Only with
   * SECRET_PROXY_CACHE_MS set is a successful resolution reused, for at most that long.
   */
  async authenticateWorker(proxyAuthorization: string | undefined): Promise<WorkerPrincipal> {
    const token = PROXY_AUTHORIZATION.exec(proxyAuthorization ?? '')?.[1];
    if (!token || !token.startsWith(WORKER_TOKEN_PREFIX)) throw new ProxyUnauthenticatedError();

    const tokenHash = hashToken(token);
    const cached = this.cache.principal(tokenHash);
    if (cached) return cached;

    // The agent's org is read in the same statement as the token, never from a cache or the token.
    const row = await this.failClosed(() => this.workerTokens.findWithAgentOrg(tokenHash));
    if (!row || row.expiresAt.getTime() <= Date.now()) throw new ProxyUnauthenticatedError();
    if (row.revokedAt) throw new ProxyForbiddenError('The worker token was revoked');

    const currentOrg = row.agentOrganizationId;
    if (currentOrg === null) throw new ProxyForbiddenError('The agent of this worker token was deleted');
    if (currentOrg !== row.organizationId)
      throw new ProxyForbiddenError('The agent of this worker token belongs to another org');
    const principal = { orgId: row.organizationId, agentId: row.agentId, tokenId: row.id };
    this.cache.rememberPrincipal(tokenHash, principal, row.expiresAt);
    return principal;
  }

  private async failClosed<T>(lookup: () => Promise<T>): Promise<T> {
    try {
      return await lookup();
    } catch (error) {
      this.logger.warn(
        { errorCode: (error as { code?: unknown }).code, errorMessage: (error as Error).message },
        'secret proxy: worker org could not be resolved, refusing the request',
      );
      throw new OrgUnresolvedError();
    }
  }
}
