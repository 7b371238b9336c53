import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ChangeChannel, TransactionRunner } from '../../database';
import { ListQueryDto, Page, pageSize, toPage } from '../../shared/pagination';
import { isUniqueViolation } from '../../shared/postgres-errors';
import { AgentsRepository } from './agents.repository';
import { AgentResponseDto, toAgentResponse } from './dto/agent.response.dto';
import { AgentAlreadyExistsError, AgentNotFoundError } from './secret-proxy.errors';
import { WorkerTokensRepository } from './worker-tokens.repository';

@Injectable()
export class AgentsService {
  constructor(
    private readonly agents: AgentsRepository,
    private readonly workerTokens: WorkerTokensRepository,
    private readonly transactions: TransactionRunner,
    private readonly channel: ChangeChannel,
  ) {}

  async createAgent(orgId: string, input: { id?: string; name: string }): Promise<AgentResponseDto> {
    try {
      const agent = await this.agents.insert(orgId, { id: input.id ?? randomUUID(), name: input.name });
      return toAgentResponse(agent);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AgentAlreadyExistsError();
      throw error;
    }
  }

  async listAgents(orgId: string, query: ListQueryDto): Promise<Page<AgentResponseDto>> {
    const limit = pageSize(query);
    return toPage(await this.agents.listPage(orgId, limit, query.cursor), limit, toAgentResponse);
  }

  /** Revokes the agent's worker tokens and deletes its placeholders (cascade) in one transaction. */
  async deleteAgent(orgId: string, agentId: string): Promise<void> {
    const deleted = await this.transactions.run(async (manager) => {
      await this.workerTokens.revokeForAgent(orgId, agentId, manager);
      return this.agents.deleteForOrg(orgId, agentId, manager);
    });
    if (!deleted) throw new AgentNotFoundError();
    // every process hears the row triggers' notifications; this one forgets without waiting for them
    this.channel.announce(`agent:${agentId}`);
  }
}
