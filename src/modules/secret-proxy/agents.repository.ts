import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { returningRows } from '../../database';
import { decodeCursor } from '../../shared/pagination';
import { AgentEntity } from './agent.entity';

interface AgentRow {
  id: string;
  organization_id: string;
  name: string;
  created_at: Date;
}

const COLUMNS = 'id, organization_id, name, created_at';

/** Every statement of this repository; `test/integration/database/repository-statements.spec.ts` prepares each. */
export const agentStatements = {
  // plain INSERT: an id taken in this org (only this org) raises a unique violation for the service
  insert: `INSERT INTO proxy_agents (id, organization_id, name) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
  listPage: `SELECT ${COLUMNS} FROM proxy_agents
              WHERE organization_id = $1
                AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
              ORDER BY created_at DESC, id DESC
              LIMIT $4`,
  existsInOrg: `SELECT 1 FROM proxy_agents WHERE id = $1 AND organization_id = $2`,
  nameOf: `SELECT name FROM proxy_agents WHERE id = $1 AND organization_id = $2`,
  deleteForOrg: `DELETE FROM proxy_agents WHERE id = $1 AND organization_id = $2 RETURNING id`,
} as const;

function toAgent(row: AgentRow): AgentEntity {
  return { id: row.id, organizationId: row.organization_id, name: row.name, createdAt: row.created_at };
}

@Injectable()
export class AgentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Plain INSERT: an id taken in this org (only this org) raises a unique violation for the service. */
  async insert(orgId: string, row: { id: string; name: string }): Promise<AgentEntity> {
    const rows: AgentRow[] = await this.dataSource.query(agentStatements.insert, [row.id, orgId, row.name]);
    return toAgent(rows[0]);
  }

  /** The org's agents, newest first, keyset-paginated. */
  async listPage(orgId: string, limit: number, cursor?: string): Promise<AgentEntity[]> {
    const after = decodeCursor(cursor);
    const rows: AgentRow[] = await this.dataSource.query(agentStatements.listPage, [
      orgId,
      after?.createdAt ?? null,
      after?.id ?? null,
      limit + 1,
    ]);
    return rows.map(toAgent);
  }

  async existsInOrg(orgId: string, agentId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(agentStatements.existsInOrg, [agentId, orgId]);
    return rows.length > 0;
  }

  /** The agent's name as an approver is shown it; null when the agent is gone. */
  async nameOf(orgId: string, agentId: string): Promise<string | null> {
    const rows: Array<Pick<AgentRow, 'name'>> = await this.dataSource.query(agentStatements.nameOf, [
      agentId,
      orgId,
    ]);
    return rows[0]?.name ?? null;
  }

  /** Placeholders go with it (ON DELETE CASCADE); tokens are revoked by the caller in the same transaction. */
  async deleteForOrg(orgId: string, agentId: string, manager: EntityManager): Promise<boolean> {
    const rows = returningRows(await manager.query(agentStatements.deleteForOrg, [agentId, orgId]));
    return rows.length > 0;
  }
}
