import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { ChangeChannel } from '../../database';
import { ChangeCache, MISS } from '../../shared/change-cache';
import { ListQueryDto, Page, pageSize, toPage } from '../../shared/pagination';
import { generateToken, hashToken } from '../../shared/secure-token';
import { WriteBehind } from '../../shared/write-behind';
import { AgentsRepository } from './agents.repository';
import {
  IssuedWorkerTokenResponseDto,
  toWorkerTokenResponse,
  WorkerTokenResponseDto,
} from './dto/worker-token.response.dto';
import {
  AgentNotFoundError,
  OrgUnresolvedError,
  ProxyForbiddenError,
  ProxyUnauthenticatedError,
  WorkerTokenNotFoundError,
} from './secret-proxy.errors';
import { WorkerTokensRepository } from './worker-tokens.repository';

export const WORKER_TOKEN_PREFIX = 'pbw_';
export const DEFAULT_WORKER_TOKEN_TTL_SECONDS = 2 * 3600;

/** generateToken(prefix) makes 32 random bytes, 43 base64url characters. */
const PROXY_AUTHORIZATION = /^Bearer\s+(pbw_[A-Za-z0-9_-]{43})\s*$/i;
const LAST_USED_FLUSH_MS = 1_000;

export interface WorkerPrincipal {
  orgId: string;
  agentId: string;
  tokenId: string;
}

/** What a token hash resolves to; only `valid` is remembered between requests. */
type WorkerResolution =
  | { kind: 'valid'; principal: WorkerPrincipal; expiresAt: number }
  | { kind: 'unknown' }
  | { kind: 'revoked' }
  | { kind: 'agentGone' }
  | { kind: 'agentMoved' };

@Injectable()
export class WorkerTokensService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerTokensService.name);
  private readonly resolutions: ChangeCache<WorkerResolution>;
  private readonly lastUsed: WriteBehind<string>;

  constructor(
    private readonly workerTokens: WorkerTokensRepository,
    private readonly agents: AgentsRepository,
    private readonly channel: ChangeChannel,
  ) {
    this.resolutions = new ChangeCache<WorkerResolution>(channel, {
      topics: ['workerToken', 'agent', 'org'],
      keeps: (resolution) => resolution.kind === 'valid',
      tagsOf: (resolution) =>
        resolution.kind === 'valid'
          ? [
              `workerToken:${resolution.principal.tokenId}`,
              `agent:${resolution.principal.agentId}`,
              `org:${resolution.principal.orgId}`,
            ]
          : [],
      expiresAt: (resolution) => (resolution.kind === 'valid' ? resolution.expiresAt : null),
    });
    this.lastUsed = new WriteBehind<string>({
      intervalMs: LAST_USED_FLUSH_MS,
      keyOf: (tokenId) => tokenId,
      write: (tokenIds) => this.workerTokens.stampLastUsed(tokenIds),
      onError: (error, dropped) =>
        this.logger.warn({ err: error, dropped }, 'worker tokens: last-used stamps not written'),
    });
  }

  async issueWorkerToken(
    orgId: string,
    agentId: string,
    ttlSeconds = DEFAULT_WORKER_TOKEN_TTL_SECONDS,
  ): Promise<IssuedWorkerTokenResponseDto> {
    if (!(await this.agents.existsInOrg(orgId, agentId))) throw new AgentNotFoundError();
    const token = generateToken(WORKER_TOKEN_PREFIX);
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    const row = await this.workerTokens.insert(orgId, { agentId, tokenHash: hashToken(token), expiresAt });
    return { ...toWorkerTokenResponse(row), token };
  }

  async listWorkerTokens(
    orgId: string,
    agentId: string,
    query: ListQueryDto,
  ): Promise<Page<WorkerTokenResponseDto>> {
    if (!(await this.agents.existsInOrg(orgId, agentId))) throw new AgentNotFoundError();
    const limit = pageSize(query);
    const rows = await this.workerTokens.listPageForAgent(orgId, agentId, limit, query.cursor);
    return toPage(rows, limit, toWorkerTokenResponse);
  }

  /** Gone for good: the token answers 401 everywhere once the deletion is heard (well within 1 s). */
  async deleteWorkerToken(orgId: string, agentId: string, id: string): Promise<void> {
    if (!(await this.workerTokens.deleteForAgent(orgId, agentId, id))) throw new WorkerTokenNotFoundError();
    this.channel.announce(`workerToken:${id}`);
  }

  /**
   * Proxy-Authorization → the worker's agent and org, in this order: token (401 when missing,
   * malformed, unknown or expired), revocation (403), then the agent's org as the database says it
   * now (403 when the agent is gone or belongs to another org). A resolution is kept in memory only
   * while the change channel is live, and dropped the moment the token, its agent or its org
   * changes anywhere. Any database error answers 503 ORG_UNRESOLVED: never fall through with an
   * unknown org.
   */
  async authenticateWorker(proxyAuthorization: string | undefined): Promise<WorkerPrincipal> {
    const token = PROXY_AUTHORIZATION.exec(proxyAuthorization ?? '')?.[1];
    if (!token) throw new ProxyUnauthenticatedError();
    const tokenHash = hashToken(token);
    const resolution = await this.resolutions.get(tokenHash, () =>
      this.failClosed(() => this.resolve(tokenHash)),
    );
    switch (resolution.kind) {
      case 'valid':
        if (resolution.expiresAt <= Date.now()) throw new ProxyUnauthenticatedError();
        this.lastUsed.add(resolution.principal.tokenId);
        return resolution.principal;
      case 'unknown':
        throw new ProxyUnauthenticatedError();
      case 'revoked':
        throw new ProxyForbiddenError('The worker token was revoked');
      case 'agentGone':
        throw new ProxyForbiddenError('The agent of this worker token was deleted');
      case 'agentMoved':
        throw new ProxyForbiddenError('The agent of this worker token belongs to another org');
    }
  }

  /**
   * The warm path of authenticateWorker, without waiting for anything: the principal when the
   * token's valid resolution is in memory, else undefined (the caller then calls authenticateWorker,
   * which reads the database and answers every refusal).
   */
  workerNow(proxyAuthorization: string | undefined): WorkerPrincipal | undefined {
    const token = PROXY_AUTHORIZATION.exec(proxyAuthorization ?? '')?.[1];
    if (!token) return undefined;
    const resolution = this.resolutions.peek(hashToken(token));
    if (resolution === MISS || resolution.kind !== 'valid' || resolution.expiresAt <= Date.now())
      return undefined;
    this.lastUsed.add(resolution.principal.tokenId);
    return resolution.principal;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.lastUsed.close();
  }

  private async resolve(tokenHash: string): Promise<WorkerResolution> {
    // the agent's org is read in the same statement as the token, never taken from the token
    const row = await this.workerTokens.findWithAgentOrg(tokenHash);
    if (!row || row.expiresAt.getTime() <= Date.now()) return { kind: 'unknown' };
    if (row.revokedAt) return { kind: 'revoked' };
    if (row.agentOrganizationId === null) return { kind: 'agentGone' };
    if (row.agentOrganizationId !== row.organizationId) return { kind: 'agentMoved' };
    return {
      kind: 'valid',
      principal: { orgId: row.organizationId, agentId: row.agentId, tokenId: row.id },
      expiresAt: row.expiresAt.getTime(),
    };
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
