import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { decodeCursor } from '../../shared/pagination';
import { PlaceholderEntity } from './placeholder.entity';
import { CompiledPolicy, PlaceholderPolicy } from './placeholder-policy';

export interface PlaceholderBinding {
  orgId: string | null;
  agentId: string | null;
  connectionId: string;
  expiresAt: Date;
  /** null when the placeholder has no policy (the common case costs nothing). */
  policy: CompiledPolicy | null;
}

/** A listed placeholder; `id` is its page position (a digest), `placeholderId` the secret id. */
export interface ListedPlaceholder extends PlaceholderPolicy {
  placeholderId: string;
  id: string;
  agentId: string;
  connectionId: string;
  expiresAt: Date;
  createdAt: Date;
}

const BINDING_COLUMNS = 'organization_id, agent_id, connection_id, expires_at, allow, approval';

@Injectable()
export class PlaceholdersRepository {
  constructor(
    @InjectRepository(PlaceholderEntity) private readonly placeholders: Repository<PlaceholderEntity>,
  ) {}

  insert(
    orgId: string,
    row: { id: string; agentId: string; connectionId: string; expiresAt: Date } & PlaceholderPolicy,
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
      `SELECT ${BINDING_COLUMNS} FROM proxy_placeholders
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
      `SELECT ${BINDING_COLUMNS} FROM proxy_placeholders
       WHERE id = $1 AND organization_id IS NULL AND expires_at > now()`,
      [id],
    )) as Array<PlaceholderRow>;
    return rows[0] ? toBinding(rows[0]) : null;
  }

  /**
   * The agent's unexpired placeholders, newest first. A placeholder's id is the placeholder itself,
   * so the page is keyed by (created_at, a digest of the id): a cursor never carries an id.
   */
  async listPageForAgent(
    orgId: string,
    agentId: string,
    limit: number,
    cursor?: string,
  ): Promise<ListedPlaceholder[]> {
    const after = decodeCursor(cursor);
    const params: unknown[] = [orgId, agentId, limit + 1];
    let where = 'organization_id = $1 AND agent_id = $2 AND expires_at > now()';
    if (after) {
      params.push(after.createdAt, after.id);
      where += ' AND (created_at, md5(id::text)::uuid) < ($4, $5::uuid)';
    }
    const rows = (await this.placeholders.query(
      `SELECT id, connection_id, agent_id, expires_at, created_at, allow, approval, md5(id::text)::uuid AS key
         FROM proxy_placeholders WHERE ${where}
        ORDER BY created_at DESC, key DESC LIMIT $3`,
      params,
    )) as Array<PlaceholderRow & { id: string; created_at: Date; key: string }>;
    return rows.map((row) => ({
      placeholderId: row.id,
      // the page position: toPage encodes (createdAt, id)
      id: row.key,
      agentId: row.agent_id ?? '',
      connectionId: row.connection_id,
      expiresAt: row.expires_at,
      createdAt: row.created_at,
      allow: row.allow ?? null,
      approval: row.approval ?? null,
    }));
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
  allow: PlaceholderPolicy['allow'];
  approval: PlaceholderPolicy['approval'];
}

function toBinding(row: PlaceholderRow): PlaceholderBinding {
  const policy = { allow: row.allow ?? null, approval: row.approval ?? null };
  return {
    orgId: row.organization_id,
    agentId: row.agent_id,
    connectionId: row.connection_id,
    expiresAt: row.expires_at,
    policy: policy.allow || policy.approval ? new CompiledPolicy(policy) : null,
  };
}
