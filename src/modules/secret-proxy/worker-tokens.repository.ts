import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { returningRows } from '../../database';
import { decodeCursor } from '../../shared/pagination';
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
   * The token and the org its agent belongs to right now (null when the agent is gone), in one round
   * trip. Agent ids are per org, so the agent is the one of the token's org with that id.
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

  /** Newest first; revoked tokens are not listed (they only exist to answer 403 until they expire). */
  listPageForAgent(
    orgId: string,
    agentId: string,
    limit: number,
    cursor?: string,
  ): Promise<WorkerTokenEntity[]> {
    const after = decodeCursor(cursor);
    const query = this.tokens
      .createQueryBuilder('token')
      .where('token.organization_id = :orgId AND token.agent_id = :agentId AND token.revoked_at IS NULL', {
        orgId,
        agentId,
      })
      .orderBy('token.created_at', 'DESC')
      .addOrderBy('token.id', 'DESC');
    if (after) query.andWhere('(token.created_at, token.id) < (:createdAt, :id)', after);
    return query.limit(limit + 1).getMany();
  }

  /** Scoped by org and agent, so another org's token id deletes nothing. */
  async deleteForAgent(orgId: string, agentId: string, id: string): Promise<boolean> {
    const result = await this.tokens.delete({ id, organizationId: orgId, agentId });
    return (result.affected ?? 0) > 0;
  }

  /** Kept, not deleted: a revoked token answers 403 FORBIDDEN rather than 401 (the agent is gone). */
  async revokeForAgent(orgId: string, agentId: string, manager: EntityManager): Promise<number> {
    const result = await manager.query(
      `UPDATE proxy_worker_tokens SET revoked_at = now()
       WHERE organization_id = $1 AND agent_id = $2 AND revoked_at IS NULL`,
      [orgId, agentId],
    );
    return (result as [unknown, number])[1] ?? 0;
  }

  /** One statement for every token used since the last flush (the stamps are written behind requests). */
  async stampLastUsed(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const rows: unknown[] = returningRows(
      await this.tokens.query(
        `UPDATE proxy_worker_tokens SET last_used_at = now() WHERE id = ANY($1::uuid[]) RETURNING id`,
        [ids],
      ),
    );
    return rows.length;
  }
}
