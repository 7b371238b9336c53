import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { returningRows } from '../../database';
import { ApiKeyEntity } from './api-key.entity';

const COLUMNS = `id, organization_id, name, key_hash, key_prefix, created_at`;

/** Every statement of this repository; `test/integration/database/repository-statements.spec.ts` prepares each. */
export const apiKeyStatements = {
  insert: `INSERT INTO api_keys (organization_id, name, key_hash, key_prefix) VALUES ($1, $2, $3, $4)
           RETURNING ${COLUMNS}`,
  findByHash: `SELECT ${COLUMNS} FROM api_keys WHERE key_hash = $1`,
  // scoped by org, so another org's key id deletes nothing
  deleteForOrg: `DELETE FROM api_keys WHERE id = $1 AND organization_id = $2 RETURNING id`,
} as const;

interface ApiKeyRow {
  id: string;
  organization_id: string;
  name: string | null;
  key_hash: string;
  key_prefix: string;
  created_at: Date;
}

function toApiKey(row: ApiKeyRow): ApiKeyEntity {
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    keyHash: row.key_hash,
    keyPrefix: row.key_prefix,
    createdAt: row.created_at,
  };
}

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    orgId: string,
    row: { name: string | null; keyHash: string; keyPrefix: string },
  ): Promise<ApiKeyEntity> {
    const rows: ApiKeyRow[] = await this.dataSource.query(apiKeyStatements.insert, [
      orgId,
      row.name,
      row.keyHash,
      row.keyPrefix,
    ]);
    return toApiKey(rows[0]);
  }

  async findByHash(keyHash: string): Promise<ApiKeyEntity | null> {
    const rows: ApiKeyRow[] = await this.dataSource.query(apiKeyStatements.findByHash, [keyHash]);
    return rows[0] ? toApiKey(rows[0]) : null;
  }

  /** Scoped by org, so another org's key id deletes nothing. */
  async deleteForOrg(orgId: string, id: string): Promise<boolean> {
    const result = await this.dataSource.query(apiKeyStatements.deleteForOrg, [id, orgId]);
    return returningRows(result).length > 0;
  }
}
