import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { returningRows } from '../../database';
import { decodeCursor } from '../../shared/pagination';
import { SweepTarget } from '../../shared/sweep-targets';
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

interface PlaceholderRow {
  id: string;
  organization_id: string | null;
  agent_id: string | null;
  connection_id: string;
  expires_at: Date;
  allow: PlaceholderPolicy['allow'];
  approval: PlaceholderPolicy['approval'];
  created_at: Date;
}

type BindingRow = Pick<
  PlaceholderRow,
  'organization_id' | 'agent_id' | 'connection_id' | 'expires_at' | 'allow' | 'approval'
>;

/** A listed row: `key` is the digest of the id that positions it in the page. */
type ListedRow = Omit<PlaceholderRow, 'organization_id'> & { key: string };

const COLUMNS = 'id, organization_id, agent_id, connection_id, expires_at, allow, approval, created_at';
const BINDING_COLUMNS = 'organization_id, agent_id, connection_id, expires_at, allow, approval';

/** Every statement of this repository; `test/integration/database/repository-statements.spec.ts` prepares each. */
export const placeholderStatements = {
  insert: `INSERT INTO proxy_placeholders (id, organization_id, agent_id, connection_id, expires_at, allow, approval)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)
           RETURNING ${COLUMNS}`,
  // org, agent and expiry are part of the statement: a legacy row with a NULL org never matches (NULL = $2)
  findForAgent: `SELECT ${BINDING_COLUMNS} FROM proxy_placeholders
       WHERE id = $1 AND organization_id = $2 AND agent_id = $3 AND expires_at > now()`,
  findLegacyUnscoped: `SELECT ${BINDING_COLUMNS} FROM proxy_placeholders
       WHERE id = $1 AND organization_id IS NULL AND expires_at > now()`,
  // keyed by (created_at, a digest of the id): a cursor never carries the secret id
  listPageForAgent: `SELECT id, connection_id, agent_id, expires_at, created_at, allow, approval,
              md5(id::text)::uuid AS key
         FROM proxy_placeholders
        WHERE organization_id = $1 AND agent_id = $2 AND expires_at > now()
          AND ($4::timestamptz IS NULL OR (created_at, md5(id::text)::uuid) < ($4, $5::uuid))
        ORDER BY created_at DESC, key DESC LIMIT $3`,
  deleteForAgent: `DELETE FROM proxy_placeholders
                    WHERE id = $1 AND organization_id = $2 AND agent_id = $3
                    RETURNING id`,
} as const;

/** What the global sweep deletes: expired placeholders. */
export const placeholderSweepTargets = {
  placeholders: {
    name: 'placeholders',
    table: 'proxy_placeholders',
    where: 'expires_at < now()',
  },
} satisfies Record<string, SweepTarget>;

function toPlaceholder(row: PlaceholderRow): PlaceholderEntity {
  return {
    id: row.id,
    organizationId: row.organization_id,
    agentId: row.agent_id,
    connectionId: row.connection_id,
    expiresAt: row.expires_at,
    allow: row.allow,
    approval: row.approval,
    createdAt: row.created_at,
  };
}

function toBinding(row: BindingRow): PlaceholderBinding {
  const policy = { allow: row.allow ?? null, approval: row.approval ?? null };
  return {
    orgId: row.organization_id,
    agentId: row.agent_id,
    connectionId: row.connection_id,
    expiresAt: row.expires_at,
    policy: policy.allow || policy.approval ? new CompiledPolicy(policy) : null,
  };
}

function toListedPlaceholder(row: ListedRow): ListedPlaceholder {
  return {
    placeholderId: row.id,
    // the page position: toPage encodes (createdAt, id)
    id: row.key,
    agentId: row.agent_id ?? '',
    connectionId: row.connection_id,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    allow: row.allow ?? null,
    approval: row.approval ?? null,
  };
}

/** A jsonb parameter: null stays SQL NULL. */
const jsonOrNull = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

@Injectable()
export class PlaceholdersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    orgId: string,
    row: { id: string; agentId: string; connectionId: string; expiresAt: Date } & PlaceholderPolicy,
  ): Promise<PlaceholderEntity> {
    const rows: PlaceholderRow[] = await this.dataSource.query(placeholderStatements.insert, [
      row.id,
      orgId,
      row.agentId,
      row.connectionId,
      row.expiresAt,
      jsonOrNull(row.allow),
      jsonOrNull(row.approval),
    ]);
    return toPlaceholder(rows[0]);
  }

  /**
   * The only lookup the proxy uses: org, agent and expiry are part of the statement, so a row of
   * another org or agent, an expired row and a legacy row with a NULL org (NULL = $2 is never true)
   * all come back as null.
   */
  async findForAgent(orgId: string, agentId: string, id: string): Promise<PlaceholderBinding | null> {
    const rows: BindingRow[] = await this.dataSource.query(placeholderStatements.findForAgent, [
      id,
      orgId,
      agentId,
    ]);
    return rows[0] ? toBinding(rows[0]) : null;
  }

  /**
   * Legacy path, kept so its rule stays tested: mappings written before placeholders carried an
   * org. Only reachable when no org is expected; callers log it at WARN.
   */
  async findLegacyUnscoped(id: string): Promise<PlaceholderBinding | null> {
    const rows: BindingRow[] = await this.dataSource.query(placeholderStatements.findLegacyUnscoped, [id]);
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
    const rows: ListedRow[] = await this.dataSource.query(placeholderStatements.listPageForAgent, [
      orgId,
      agentId,
      limit + 1,
      after?.createdAt ?? null,
      after?.id ?? null,
    ]);
    return rows.map(toListedPlaceholder);
  }

  /** Scoped by org and agent, so another org's or agent's placeholder id deletes nothing. */
  async deleteForAgent(orgId: string, agentId: string, id: string): Promise<boolean> {
    const rows = returningRows(
      await this.dataSource.query(placeholderStatements.deleteForAgent, [id, orgId, agentId]),
    );
    return rows.length > 0;
  }
}
