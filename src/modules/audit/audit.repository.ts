import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PagePosition } from '../../shared/pagination';
import { SweepTarget } from '../../shared/sweep-targets';
import { AuditAction, AuditActorType, AuditEntry } from './audit-entry';
import { EncodedAuditRows } from './audit-row-batch';

export interface AuditFilter {
  action?: AuditAction;
  agentId?: string;
  connectionId?: string;
  /** Inclusive lower bound on `at`. */
  since?: Date;
  /** Exclusive upper bound on `at`. */
  until?: Date;
}

interface AuditRow {
  id: string;
  organization_id: string;
  at: Date;
  actor_type: AuditActorType;
  actor_id: string | null;
  action: AuditAction;
  agent_id: string | null;
  connection_id: string | null;
  method: string | null;
  path: string | null;
  status: number | null;
  code: string | null;
  duration_ms: number | null;
  request_id: string | null;
}

const COLUMNS = `id, organization_id, at, actor_type, actor_id, action, agent_id, connection_id,
                 method, path, status, code, duration_ms, request_id`;

/** Every statement of this repository; `test/integration/database/repository-statements.spec.ts` prepares each. */
export const auditStatements = {
  // a whole batch as one jsonb bind parameter [[row, …], [context, …]] (AuditRowBatch), unpacked by
  // PostgreSQL: a row is [context number, id, at (epoch ms), path, status, code, durationMs, requestId],
  // a context [orgId, actorType, actorId, action, agentId, connectionId, method]. The ids come from
  // plugboard: gen_random_uuid() here cost PostgreSQL more CPU than the parse of 2,000 ids saved.
  // Each context is unpacked once (MATERIALIZED, its columns cast there) and joined to its rows by
  // number: as cheap to execute as rows that carried every column, with less than half the bytes.
  insertMany: `WITH contexts AS MATERIALIZED (
         SELECT number - 1 AS number, (c->>0)::uuid AS organization_id, c->>1 AS actor_type,
                c->>2 AS actor_id, c->>3 AS action, (c->>4)::uuid AS agent_id,
                (c->>5)::uuid AS connection_id, c->>6 AS method
           FROM jsonb_array_elements($1::jsonb -> 1) WITH ORDINALITY AS context(c, number))
       INSERT INTO audit_entries (${COLUMNS})
       SELECT (e->>1)::uuid, contexts.organization_id, to_timestamp((e->>2)::double precision / 1000),
              contexts.actor_type, contexts.actor_id, contexts.action, contexts.agent_id,
              contexts.connection_id, contexts.method, e->>3, (e->>4)::smallint, e->>5,
              (e->>6)::integer, e->>7
         FROM jsonb_array_elements($1::jsonb -> 0) AS e
         JOIN contexts ON contexts.number = (e->>0)::integer`,
  listPage: `SELECT ${COLUMNS} FROM audit_entries
        WHERE organization_id = $1
          AND ($2::text IS NULL OR action = $2)
          AND ($3::uuid IS NULL OR agent_id = $3)
          AND ($4::uuid IS NULL OR connection_id = $4)
          AND ($5::timestamptz IS NULL OR at >= $5)
          AND ($6::timestamptz IS NULL OR at < $6)
          AND ($7::timestamptz IS NULL OR (at, id) < ($7, $8::uuid))
        ORDER BY at DESC, id DESC
        LIMIT $9`,
} as const;

/**
 * What the global sweep deletes: entries older than the retention ($1 days, bound by the module from its
 * configuration), found through the `at` block-range index; rows by ctid, as there is no key index.
 */
export const auditSweepTargets = {
  auditEntries: {
    name: 'auditEntries',
    table: 'audit_entries',
    where: 'at < now() - make_interval(days => $1)',
    key: 'ctid',
  },
} satisfies Record<string, SweepTarget>;

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One statement for a whole batch: the rows and their contexts travel as one jsonb value in one bind
   * parameter (however many rows; PostgreSQL allows 65,535 parameters) and PostgreSQL unpacks
   * them. The batch was encoded as its entries were recorded (`AuditRowBatch`).
   */
  async insertBatch(batch: EncodedAuditRows): Promise<void> {
    if (batch.rows === 0) return;
    await this.dataSource.query(auditStatements.insertMany, [batch.jsonb]);
  }

  /** Newest first by (at, id), after the cursor's position; limit + 1 rows tell whether a next page exists. */
  async listPage(
    orgId: string,
    filter: AuditFilter,
    limit: number,
    after?: PagePosition,
  ): Promise<Array<AuditEntry & PagePosition>> {
    const rows: AuditRow[] = await this.dataSource.query(auditStatements.listPage, [
      orgId,
      filter.action ?? null,
      filter.agentId ?? null,
      filter.connectionId ?? null,
      filter.since ?? null,
      filter.until ?? null,
      after?.createdAt ?? null,
      after?.id ?? null,
      limit + 1,
    ]);
    return rows.map(toEntry);
  }
}

function toEntry(row: AuditRow): AuditEntry & PagePosition {
  return {
    id: row.id,
    at: row.at,
    // the keyset position of the shared cursor helper
    createdAt: row.at,
    orgId: row.organization_id,
    actor: { type: row.actor_type, id: row.actor_id },
    action: row.action,
    agentId: row.agent_id,
    connectionId: row.connection_id,
    method: row.method,
    path: row.path,
    status: row.status,
    code: row.code,
    durationMs: row.duration_ms,
    requestId: row.request_id,
  };
}
