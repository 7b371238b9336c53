import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { returningRows } from '../../database';
import { decodeCursor } from '../../shared/pagination';
import { SweepTarget } from '../../shared/sweep-targets';
import { WorkerTokenEntity } from './worker-token.entity';

export type WorkerTokenWithAgentOrg = Pick<
  WorkerTokenEntity,
  'id' | 'organizationId' | 'agentId' | 'expiresAt' | 'revokedAt'
> & { agentOrganizationId: string | null };

interface WorkerTokenRow {
  id: string;
  organization_id: string;
  agent_id: string;
  token_hash: string;
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
  created_at: Date;
}

interface WorkerTokenWithAgentOrgRow {
  id: string;
  organization_id: string;
  agent_id: string;
  expires_at: Date;
  revoked_at: Date | null;
  agent_organization_id: string | null;
}

const COLUMNS = 'id, organization_id, agent_id, token_hash, expires_at, revoked_at, last_used_at, created_at';

/** Every statement of this repository; `test/integration/database/repository-statements.spec.ts` prepares each. */
export const workerTokenStatements = {
  insert: `INSERT INTO proxy_worker_tokens (organization_id, agent_id, token_hash, expires_at, revoked_at)
           VALUES ($1, $2, $3, $4, NULL)
           RETURNING ${COLUMNS}`,
  // agent ids are per org, so the agent is the one of the token's org with that id
  findWithAgentOrg: `SELECT t.id, t.organization_id, t.agent_id, t.expires_at, t.revoked_at,
              a.organization_id AS agent_organization_id
       FROM proxy_worker_tokens t
       LEFT JOIN proxy_agents a ON a.organization_id = t.organization_id AND a.id = t.agent_id
       WHERE t.token_hash = $1`,
  listPageForAgent: `SELECT ${COLUMNS} FROM proxy_worker_tokens
              WHERE organization_id = $1 AND agent_id = $2 AND revoked_at IS NULL
                AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
              ORDER BY created_at DESC, id DESC
              LIMIT $5`,
  deleteForAgent: `DELETE FROM proxy_worker_tokens
                    WHERE id = $1 AND organization_id = $2 AND agent_id = $3
                    RETURNING id`,
  revokeForAgent: `UPDATE proxy_worker_tokens SET revoked_at = now()
       WHERE organization_id = $1 AND agent_id = $2 AND revoked_at IS NULL`,
  stampLastUsed: `UPDATE proxy_worker_tokens SET last_used_at = now() WHERE id = ANY($1::uuid[]) RETURNING id`,
} as const;

/**
 * What the global sweep deletes: expired worker tokens. A revoked token stays until it expires, so it
 * answers 403 (its agent is gone) rather than 401.
 */
export const workerTokenSweepTargets = {
  workerTokens: {
    name: 'workerTokens',
    table: 'proxy_worker_tokens',
    where: 'expires_at < now()',
  },
} satisfies Record<string, SweepTarget>;

function toWorkerToken(row: WorkerTokenRow): WorkerTokenEntity {
  return {
    id: row.id,
    organizationId: row.organization_id,
    agentId: row.agent_id,
    tokenHash: row.token_hash,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    createdAt: row.created_at,
  };
}

function toWorkerTokenWithAgentOrg(row: WorkerTokenWithAgentOrgRow): WorkerTokenWithAgentOrg {
  return {
    id: row.id,
    organizationId: row.organization_id,
    agentId: row.agent_id,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    agentOrganizationId: row.agent_organization_id,
  };
}

@Injectable()
export class WorkerTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    orgId: string,
    row: { agentId: string; tokenHash: string; expiresAt: Date },
  ): Promise<WorkerTokenEntity> {
    const rows: WorkerTokenRow[] = await this.dataSource.query(workerTokenStatements.insert, [
      orgId,
      row.agentId,
      row.tokenHash,
      row.expiresAt,
    ]);
    return toWorkerToken(rows[0]);
  }

  /**
   * The token and the org its agent belongs to right now (null when the agent is gone), in one round
   * trip. Agent ids are per org, so the agent is the one of the token's org with that id.
   */
  async findWithAgentOrg(tokenHash: string): Promise<WorkerTokenWithAgentOrg | null> {
    const rows: WorkerTokenWithAgentOrgRow[] = await this.dataSource.query(
      workerTokenStatements.findWithAgentOrg,
      [tokenHash],
    );
    return rows[0] ? toWorkerTokenWithAgentOrg(rows[0]) : null;
  }

  /** Newest first; revoked tokens are not listed (they only exist to answer 403 until they expire). */
  async listPageForAgent(
    orgId: string,
    agentId: string,
    limit: number,
    cursor?: string,
  ): Promise<WorkerTokenEntity[]> {
    const after = decodeCursor(cursor);
    const rows: WorkerTokenRow[] = await this.dataSource.query(workerTokenStatements.listPageForAgent, [
      orgId,
      agentId,
      after?.createdAt ?? null,
      after?.id ?? null,
      limit + 1,
    ]);
    return rows.map(toWorkerToken);
  }

  /** Scoped by org and agent, so another org's token id deletes nothing. */
  async deleteForAgent(orgId: string, agentId: string, id: string): Promise<boolean> {
    const rows = returningRows(
      await this.dataSource.query(workerTokenStatements.deleteForAgent, [id, orgId, agentId]),
    );
    return rows.length > 0;
  }

  /** Kept, not deleted: a revoked token answers 403 FORBIDDEN rather than 401 (the agent is gone). */
  async revokeForAgent(orgId: string, agentId: string, manager: EntityManager): Promise<number> {
    const result = await manager.query(workerTokenStatements.revokeForAgent, [orgId, agentId]);
    return (result as [unknown, number])[1] ?? 0;
  }

  /** One statement for every token used since the last flush (the stamps are written behind requests). */
  async stampLastUsed(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const rows: unknown[] = returningRows(
      await this.dataSource.query(workerTokenStatements.stampLastUsed, [ids]),
    );
    return rows.length;
  }
}
