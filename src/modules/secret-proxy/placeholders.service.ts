import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CREDENTIAL_SOURCE, CredentialSource } from './credential-source';
import { PlaceholderResponseDto } from './dto/placeholder.response.dto';
import { PlaceholderBinding, PlaceholdersRepository } from './placeholders.repository';
import { AgentNotFoundError, PlaceholderUnresolvedError } from './secret-proxy.errors';
import { AgentsRepository } from './agents.repository';
import { WorkerResolutionCache } from './worker-resolution.cache';

export const PLACEHOLDER_PREFIX = 'pb_secret_';
export const DEFAULT_PLACEHOLDER_TTL_SECONDS = 24 * 3600;

export interface ExpectedScope {
  orgId: string;
  agentId: string;
}

@Injectable()
export class PlaceholdersService {
  private readonly logger = new Logger(PlaceholdersService.name);

  constructor(
    private readonly placeholders: PlaceholdersRepository,
    private readonly agents: AgentsRepository,
    private readonly cache: WorkerResolutionCache,
    @Inject(CREDENTIAL_SOURCE) private readonly credentials: CredentialSource,
  ) {}

  /** The agent and the connection must both exist in the org (404 otherwise). */
  async issuePlaceholder(
    orgId: string,
    agentId: string,
    connectionId: string,
    ttlSeconds = DEFAULT_PLACEHOLDER_TTL_SECONDS,
  ): Promise<PlaceholderResponseDto> {
    if (!(await this.agents.existsInOrg(orgId, agentId))) throw new AgentNotFoundError();
    await this.credentials.describeConnection(orgId, connectionId);
    const id = randomUUID();
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    await this.placeholders.insert(orgId, { id, agentId, connectionId, expiresAt });
    return {
      id,
      placeholder: `${PLACEHOLDER_PREFIX}${id}`,
      agentId,
      connectionId,
      expiresAt: expiresAt.toISOString(),
    };
  }

  /**
   * With an expected org and agent (always, on the proxy path) only a mapping of exactly that org
   * and agent resolves: another org's, another agent's, an expired one and a legacy mapping with no
   * org are all null. Without an expected scope only a legacy mapping can resolve, logged at WARN
   * (lobu #867: a legacy mapping was once resolvable from any org).
   */
  async resolvePlaceholder(
    placeholderId: string,
    expected: ExpectedScope | undefined,
  ): Promise<PlaceholderBinding | null> {
    try {
      if (expected) return await this.resolveScoped(placeholderId, expected);
      const legacy = await this.placeholders.findLegacyUnscoped(placeholderId);
      if (legacy)
        this.logger.warn({ connectionId: legacy.connectionId }, 'legacy unscoped placeholder access');
      return legacy;
    } catch (error) {
      this.logger.warn(
        { errorCode: (error as { code?: unknown }).code, errorMessage: (error as Error).message },
        'secret proxy: placeholder could not be resolved, refusing the request',
      );
      throw new PlaceholderUnresolvedError();
    }
  }

  private async resolveScoped(
    placeholderId: string,
    { orgId, agentId }: ExpectedScope,
  ): Promise<PlaceholderBinding | null> {
    const cached = this.cache.placeholder(orgId, agentId, placeholderId);
    if (cached) return cached;
    const binding = await this.placeholders.findForAgent(orgId, agentId, placeholderId);
    if (binding) this.cache.rememberPlaceholder(orgId, agentId, placeholderId, binding, binding.expiresAt);
    return binding;
  }
}
