import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ChangeChannel } from '../../database';
import { ChangeCache, MISS } from '../../shared/change-cache';
import { ListQueryDto, Page, pageSize, toPage } from '../../shared/pagination';
import { AuditRecorder } from '../audit';
import { ApprovalDesk } from './approval-desk';
import { CREDENTIAL_SOURCE, CredentialSource } from './credential-source';
import {
  PlaceholderResponseDto,
  PlaceholderSummaryResponseDto,
  toPlaceholderResponse,
  toPlaceholderSummaryResponse,
} from './dto/placeholder.response.dto';
import { PolicyInput, readPolicyInput } from './placeholder-policy.input';
import { PlaceholderBinding, PlaceholdersRepository } from './placeholders.repository';
import {
  AgentNotFoundError,
  PlaceholderNotFoundError,
  PlaceholderUnresolvedError,
} from './secret-proxy.errors';
import { AgentsRepository } from './agents.repository';

export const PLACEHOLDER_PREFIX = 'pb_secret_';
export const DEFAULT_PLACEHOLDER_TTL_SECONDS = 24 * 3600;

export interface ExpectedScope {
  orgId: string;
  agentId: string;
}

@Injectable()
export class PlaceholdersService {
  private readonly logger = new Logger(PlaceholdersService.name);
  /** By org, agent and placeholder id; dropped when the placeholder or its agent changes anywhere. */
  private readonly bindings: ChangeCache<PlaceholderBinding | null>;

  constructor(
    private readonly placeholders: PlaceholdersRepository,
    private readonly agents: AgentsRepository,
    @Inject(CREDENTIAL_SOURCE) private readonly credentials: CredentialSource,
    private readonly channel: ChangeChannel,
    private readonly approvals: ApprovalDesk,
    private readonly audit: AuditRecorder,
  ) {
    this.bindings = new ChangeCache<PlaceholderBinding | null>(channel, {
      topics: ['placeholder', 'agent', 'org'],
      keeps: (binding) => binding !== null,
      tagsOf: (binding, key) =>
        binding
          ? [`placeholder:${key.split('/')[2]}`, `agent:${binding.agentId}`, `org:${binding.orgId}`]
          : [],
      expiresAt: (binding) => binding?.expiresAt.getTime() ?? null,
    });
  }

  /**
   * The agent and the connection must both exist in the org (404 otherwise); so must an approval's
   * integration and connection, and that connection must be able to post to a chat (400 otherwise).
   * The policy is written once: changing it means deleting the placeholder and issuing another.
   */
  async issuePlaceholder(
    orgId: string,
    agentId: string,
    input: { connectionId: string; ttlSeconds?: number } & PolicyInput,
  ): Promise<PlaceholderResponseDto> {
    const policy = readPolicyInput(input);
    if (!(await this.agents.existsInOrg(orgId, agentId))) throw new AgentNotFoundError();
    await this.credentials.describeConnection(orgId, input.connectionId);
    if (policy.approval) await this.approvals.current.checkTarget(orgId, policy.approval);
    const id = randomUUID();
    const ttlSeconds = input.ttlSeconds ?? DEFAULT_PLACEHOLDER_TTL_SECONDS;
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    const row = await this.placeholders.insert(orgId, {
      id,
      agentId,
      connectionId: input.connectionId,
      expiresAt,
      ...policy,
    });
    // the placeholder's id is its secret part: the entry names the agent and connection only
    this.audit.record({ orgId, action: 'placeholder.created', agentId, connectionId: input.connectionId });
    return toPlaceholderResponse(row, `${PLACEHOLDER_PREFIX}${id}`);
  }

  async listPlaceholders(
    orgId: string,
    agentId: string,
    query: ListQueryDto,
  ): Promise<Page<PlaceholderSummaryResponseDto>> {
    if (!(await this.agents.existsInOrg(orgId, agentId))) throw new AgentNotFoundError();
    const limit = pageSize(query);
    const rows = await this.placeholders.listPageForAgent(orgId, agentId, limit, query.cursor);
    return toPage(rows, limit, toPlaceholderSummaryResponse);
  }

  /** Refused (403) by every process within 1 s: the row's trigger notifies them all. */
  async deletePlaceholder(orgId: string, agentId: string, id: string): Promise<void> {
    if (!(await this.placeholders.deleteForAgent(orgId, agentId, id))) throw new PlaceholderNotFoundError();
    this.channel.announce(`placeholder:${id}`);
    this.audit.record({ orgId, action: 'placeholder.deleted', agentId });
  }

  /**
   * With an expected org and agent (always, on the proxy path) only a mapping of exactly that org
   * and agent resolves: another org's, another agent's, an expired one and a legacy mapping with no
   * org are all null. Without an expected scope only a legacy mapping can resolve, logged at WARN:
   * a mapping with no org must never be resolvable from just any org.
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

  /** The warm path of resolvePlaceholder for an expected org and agent: the binding if it is in memory. */
  bindingNow(placeholderId: string, { orgId, agentId }: ExpectedScope): PlaceholderBinding | undefined {
    const binding = this.bindings.peek(`${orgId}/${agentId}/${placeholderId}`);
    if (binding === MISS || binding === null || binding.expiresAt.getTime() <= Date.now()) return undefined;
    return binding;
  }

  private async resolveScoped(
    placeholderId: string,
    { orgId, agentId }: ExpectedScope,
  ): Promise<PlaceholderBinding | null> {
    const binding = await this.bindings.get(`${orgId}/${agentId}/${placeholderId}`, () =>
      this.placeholders.findForAgent(orgId, agentId, placeholderId),
    );
    // a remembered binding outlives nothing: its own expiry ends it in memory too
    return binding && binding.expiresAt.getTime() > Date.now() ? binding : null;
  }
}
