import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { WorkerTokenEntity } from './worker-token.entity';

export type WorkerTokenWithAgentOrg = Pick<
  WorkerTokenEntity,
  'id' | 'organizationId' | 'agentId' | 'expiresAt' | 'revokedAt'
> & { agentOrganizationId: string | null };

@Injectable()
export class WorkerTokensRepository {
  constructor(@InjectRepository(WorkerTokenEntity) private readonly tokens: Repository<WorkerTokenEntity>) {}

  insert(
    orgId: string,
    row: { agentId: string; tokenHash: string; expiresAt: Date },
  ): Promise<WorkerTokenEntity> {
    return this.tokens.save(this.tokens.create({ organizationId: orgId, revokedAt: null, ...row }));
  }

  /**
   * The token and the org its agent belongs to right now (null when the agent is gone), in one
   * round trip: this runs on every proxied request. Agent ids are per org, so the agent is the one
   * of the token's org with that id.
   */
  async findWithAgentOrg(tokenHash: string): Promise<WorkerTokenWithAgentOrg | null> {
    const rows = (await this.tokens.query(
      `SELECT t.id, t.organization_id, t.agent_id, t.expires_at, t.revoked_at,
              a.organization_id AS agent_organization_id
       FROM proxy_worker_tokens t
       LEFT JOIN proxy_agents a ON a.organization_id = t.organization_id AND a.id = t.agent_id
       WHERE t.token_hash = $1`,
      [tokenHash],
    )) as Array<{
      id: string;
      organization_id: string;
      agent_id: string;
      expires_at: Date;
      revoked_at: Date | null;
      agent_organization_id: string | null;
    }>;
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      organizationId: row.organization_id,
      agentId: row.agent_id,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
      agentOrganizationId: row.agent_organization_id,
    };
  }

  /** Kept, not deleted: a revoked token answers 403 FORBIDDEN rather than 401 (API.md). */
  async revokeForAgent(orgId: string, agentId: string, manager: EntityManager): Promise<number> {
    const result = await manager.query(
      `UPDATE proxy_worker_tokens SET revoked_at = now()
       WHERE organization_id = $1 AND agent_id = $2 AND revoked_at IS NULL`,
      [orgId, agentId],
    );
    return (result as [unknown, number])[1] ?? 0;
  }

  /** One bounded batch for the global sweep. */
}
