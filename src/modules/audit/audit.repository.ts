import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PagePosition } from '../../shared/pagination';
import { AuditAction, AuditActorType, AuditEntry } from './audit-entry';

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

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One statement for a whole batch: the columns travel as 14 arrays, so the statement's bind
   * parameters stay 14 however many rows it carries (PostgreSQL allows at most 65,535).
   */
  async insertMany(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const columns: unknown[][] = Array.from({ length: 14 }, () => new Array<unknown>(entries.length));
    entries.forEach((entry, index) => {
      columns[0][index] = entry.id;
      columns[1][index] = entry.orgId;
      columns[2][index] = entry.at;
      columns[3][index] = entry.actor.type;
      columns[4][index] = entry.actor.id;
      columns[5][index] = entry.action;
      columns[6][index] = entry.agentId;
      columns[7][index] = entry.connectionId;
      columns[8][index] = entry.method;
      columns[9][index] = entry.path;
      columns[10][index] = entry.status;
      columns[11][index] = entry.code;
      columns[12][index] = entry.durationMs;
      columns[13][index] = entry.requestId;
    });
    await this.dataSource.query(
      `INSERT INTO audit_entries (${COLUMNS})
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],
                            $7::uuid[], $8::uuid[], $9::text[], $10::text[], $11::smallint[], $12::text[],
                            $13::integer[], $14::text[])`,
      columns,
    );
  }

  /** Newest first by (at, id), after the cursor's position; limit + 1 rows tell whether a next page exists. */
  async listPage(
    orgId: string,
    filter: AuditFilter,
    limit: number,
    after?: PagePosition,
  ): Promise<Array<AuditEntry & PagePosition>> {
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM audit_entries
        WHERE organization_id = $1
          AND ($2::text IS NULL OR action = $2)
          AND ($3::uuid IS NULL OR agent_id = $3)
          AND ($4::uuid IS NULL OR connection_id = $4)
          AND ($5::timestamptz IS NULL OR at >= $5)
          AND ($6::timestamptz IS NULL OR at < $6)
          AND ($7::timestamptz IS NULL OR (at, id) < ($7, $8::uuid))
        ORDER BY at DESC, id DESC
        LIMIT $9`,
      [
        orgId,
        filter.action ?? null,
        filter.agentId ?? null,
        filter.connectionId ?? null,
        filter.since ?? null,
        filter.until ?? null,
        after?.createdAt ?? null,
        after?.id ?? null,
        limit + 1,
      ],
    );
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
