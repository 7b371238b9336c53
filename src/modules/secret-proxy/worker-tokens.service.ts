import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { ChangeChannel } from '../../database';
import { ChangeCache, MISS } from '../../shared/change-cache';
import { ListQueryDto, Page, pageSize, toPage } from '../../shared/pagination';
import { generateToken, hashToken } from '../../shared/secure-token';
import { WriteBehind } from '../../shared/write-behind';
import { AuditRecorder } from '../audit';
import { AgentsRepository } from './agents.repository';
import {
  IssuedWorkerTokenResponseDto,
  toWorkerTokenResponse,
  WorkerTokenResponseDto,
} from './dto/worker-token.response.dto';
import {
  AgentNotFoundError,
  OrgUnresolvedError,
  ProxyUnauthenticatedError,
  WorkerRefusedError,
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
  // a refused token still names its org and agent, so the refusal is in that org's audit
  | { kind: 'revoked'; principal: WorkerPrincipal }
  | { kind: 'agentGone'; principal: WorkerPrincipal }
  | { kind: 'agentMoved'; principal: WorkerPrincipal };

@Injectable()
export class WorkerTokensService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerTokensService.name);
  private readonly resolutions: ChangeCache<WorkerResolution>;
  private readonly lastUsed: WriteBehind<string>;

  constructor(
    private readonly workerTokens: WorkerTokensRepository,
    private readonly agents: AgentsRepository,
    private readonly channel: ChangeChannel,
    private readonly audit: AuditRecorder,
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
    this.audit.record({ orgId, action: 'worker_token.created', agentId });
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
    this.audit.record({ orgId, action: 'worker_token.deleted', agentId });
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
        throw new WorkerRefusedError('The worker token was revoked', resolution.principal);
      case 'agentGone':
        throw new WorkerRefusedError('The agent of this worker token was deleted', resolution.principal);
      case 'agentMoved':
        throw new WorkerRefusedError(
          'The agent of this worker token belongs to another org',
          resolution.principal,
        );
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
    const principal = { orgId: row.organizationId, agentId: row.agentId, tokenId: row.id };
    if (row.revokedAt) return { kind: 'revoked', principal };
    if (row.agentOrganizationId === null) return { kind: 'agentGone', principal };
    if (row.agentOrganizationId !== row.organizationId) return { kind: 'agentMoved', principal };
    return { kind: 'valid', principal, expiresAt: row.expiresAt.getTime() };
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
