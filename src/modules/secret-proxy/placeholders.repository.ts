import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { PlaceholderEntity } from './placeholder.entity';

export interface PlaceholderBinding {
  orgId: string | null;
  agentId: string | null;
  connectionId: string;
  expiresAt: Date;
}

@Injectable()
export class PlaceholdersRepository {
  constructor(
    @InjectRepository(PlaceholderEntity) private readonly placeholders: Repository<PlaceholderEntity>,
  ) {}

  insert(
    orgId: string,
    row: { id: string; agentId: string; connectionId: string; expiresAt: Date },
  ): Promise<PlaceholderEntity> {
    return this.placeholders.save(this.placeholders.create({ organizationId: orgId, ...row }));
  }

  /**
   * The only lookup the proxy uses: org, agent and expiry are part of the statement, so a row of
   * another org or agent, an expired row and a legacy row with a NULL org (NULL = $2 is never true)
   * all come back as null.
   */
  async findForAgent(orgId: string, agentId: string, id: string): Promise<PlaceholderBinding | null> {
    const rows = (await this.placeholders.query(
      `SELECT organization_id, agent_id, connection_id, expires_at FROM proxy_placeholders
       WHERE id = $1 AND organization_id = $2 AND agent_id = $3 AND expires_at > now()`,
      [id, orgId, agentId],
    )) as Array<PlaceholderRow>;
    return rows[0] ? toBinding(rows[0]) : null;
  }

  /**
   * Legacy path, kept so its rule stays tested: mappings written before placeholders carried an
   * org. Only reachable when no org is expected; callers log it at WARN.
   */
  async findLegacyUnscoped(id: string): Promise<PlaceholderBinding | null> {
    const rows = (await this.placeholders.query(
      `SELECT organization_id, agent_id, connection_id, expires_at FROM proxy_placeholders
       WHERE id = $1 AND organization_id IS NULL AND expires_at > now()`,
      [id],
    )) as Array<PlaceholderRow>;
    return rows[0] ? toBinding(rows[0]) : null;
  }

  /** Scoped by org and agent, so another org's or agent's placeholder id deletes nothing. */
  async deleteForAgent(orgId: string, agentId: string, id: string): Promise<boolean> {
    const result = await this.placeholders.delete({ id, organizationId: orgId, agentId });
    return (result.affected ?? 0) > 0;
  }
}

interface PlaceholderRow {
  organization_id: string | null;
  agent_id: string | null;
  connection_id: string;
  expires_at: Date;
}

function toBinding(row: PlaceholderRow): PlaceholderBinding {
  return {
    orgId: row.organization_id,
    agentId: row.agent_id,
    connectionId: row.connection_id,
    expiresAt: row.expires_at,
  };
}
