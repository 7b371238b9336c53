import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { decodeCursor } from '../../shared/pagination';
import { AgentEntity } from './agent.entity';

@Injectable()
export class AgentsRepository {
  constructor(@InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>) {}

  /** Plain INSERT: an id taken in this org (only this org) raises a unique violation for the service. */
  async insert(orgId: string, row: { id: string; name: string }): Promise<AgentEntity> {
    const result = await this.agents.query(
      `INSERT INTO proxy_agents (id, organization_id, name) VALUES ($1, $2, $3)
       RETURNING id, organization_id, name, created_at`,
      [row.id, orgId, row.name],
    );
    const inserted = (result as Array<Record<string, unknown>>)[0];
    return this.agents.create({
      id: inserted.id as string,
      organizationId: inserted.organization_id as string,
      name: inserted.name as string,
      createdAt: inserted.created_at as Date,
    });
  }

  /** The org's agents, newest first, keyset-paginated. */
  listPage(orgId: string, limit: number, cursor?: string): Promise<AgentEntity[]> {
    const after = decodeCursor(cursor);
    const query = this.agents
      .createQueryBuilder('agent')
      .where('agent.organization_id = :orgId', { orgId })
      .orderBy('agent.created_at', 'DESC')
      .addOrderBy('agent.id', 'DESC');
    if (after) query.andWhere('(agent.created_at, agent.id) < (:createdAt, :id)', after);
    return query.limit(limit + 1).getMany();
  }

  async existsInOrg(orgId: string, agentId: string): Promise<boolean> {
    return (await this.agents.countBy({ id: agentId, organizationId: orgId })) > 0;
  }

  /** The agent's name as an approver is shown it; null when the agent is gone. */
  async nameOf(orgId: string, agentId: string): Promise<string | null> {
    const agent = await this.agents.findOneBy({ id: agentId, organizationId: orgId });
    return agent?.name ?? null;
  }

  /** Placeholders go with it (ON DELETE CASCADE); tokens are revoked by the caller in the same transaction. */
  async deleteForOrg(orgId: string, agentId: string, manager: EntityManager): Promise<boolean> {
    const result = await manager.delete(AgentEntity, { id: agentId, organizationId: orgId });
    return (result.affected ?? 0) > 0;
  }
}
