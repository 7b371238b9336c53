import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor } from '../../shared/pagination';
import { OrganizationEntity } from './organization.entity';

/** Every statement of this repository; `test/integration/database/repository-statements.spec.ts` prepares each. */
export const organizationStatements = {
  insert: `INSERT INTO organizations (name) VALUES ($1) RETURNING id, name, created_at`,
  findById: `SELECT id, name, created_at FROM organizations WHERE id = $1`,
  exists: `SELECT EXISTS (SELECT 1 FROM organizations WHERE id = $1) AS exists`,
  // newest first, keyset-paginated on (created_at, id)
  listPage: `SELECT id, name, created_at FROM organizations
              WHERE $1::timestamptz IS NULL OR (created_at, id) < ($1, $2::uuid)
              ORDER BY created_at DESC, id DESC
              LIMIT $3`,
} as const;

interface OrganizationRow {
  id: string;
  name: string;
  created_at: Date;
}

function toOrganization(row: OrganizationRow): OrganizationEntity {
  return { id: row.id, name: row.name, createdAt: row.created_at };
}

@Injectable()
export class OrganizationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(name: string): Promise<OrganizationEntity> {
    const rows: OrganizationRow[] = await this.dataSource.query(organizationStatements.insert, [name]);
    return toOrganization(rows[0]);
  }

  async findById(id: string): Promise<OrganizationEntity | null> {
    const rows: OrganizationRow[] = await this.dataSource.query(organizationStatements.findById, [id]);
    return rows[0] ? toOrganization(rows[0]) : null;
  }

  async exists(id: string): Promise<boolean> {
    const rows: Array<{ exists: boolean }> = await this.dataSource.query(organizationStatements.exists, [id]);
    return rows[0].exists;
  }

  /** Newest first, keyset-paginated; returns limit + 1 rows so the caller knows about a next page. */
  async listPage(limit: number, cursor?: string): Promise<OrganizationEntity[]> {
    const after = decodeCursor(cursor);
    const rows: OrganizationRow[] = await this.dataSource.query(organizationStatements.listPage, [
      after?.createdAt ?? null,
      after?.id ?? null,
      limit + 1,
    ]);
    return rows.map(toOrganization);
  }
}
