import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { returningRows } from '../../database';
import { decodeCursor } from '../../shared/pagination';
import { ErrorStyle, GrantType, ProviderEntity, TokenAuthMethod } from './provider.entity';

export type ProviderRow = Omit<ProviderEntity, 'id' | 'organizationId' | 'createdAt' | 'updatedAt'>;

const COLUMNS = `id, organization_id, key, authorize_url, token_url, client_id, client_secret_encrypted, scopes,
  grant_type, token_auth_method, use_pkce, api_base_url, error_style, template, resource_indicator, created_at,
  updated_at`;

/**
 * A partial update in one statement: `$3` is a JSON object holding only the fields to change (a field
 * given as null clears the column), so a PATCH never reads and rewrites the whole row.
 */
const PATCH = (field: string, column: string, cast = '') =>
  `${column} = CASE WHEN $3::jsonb ? '${field}' THEN ($3::jsonb->>'${field}')${cast} ELSE ${column} END`;

/** Every statement of this repository; `test/integration/database/repository-statements.spec.ts` prepares each. */
export const providerStatements = {
  insert: `INSERT INTO oauth_providers (id, organization_id, key, authorize_url, token_url, client_id,
             client_secret_encrypted, scopes, grant_type, token_auth_method, use_pkce, api_base_url, error_style,
             template, resource_indicator)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
           RETURNING ${COLUMNS}`,
  findForOrg: `SELECT ${COLUMNS} FROM oauth_providers WHERE organization_id = $1 AND id = $2`,
  findByKey: `SELECT ${COLUMNS} FROM oauth_providers WHERE organization_id = $1 AND key = $2`,
  findManyForOrg: `SELECT ${COLUMNS} FROM oauth_providers WHERE organization_id = $1 AND id = ANY($2::uuid[])`,
  listPage: `SELECT ${COLUMNS} FROM oauth_providers
              WHERE organization_id = $1
                AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
              ORDER BY created_at DESC, id DESC
              LIMIT $4`,
  updateForOrg: `UPDATE oauth_providers SET
                   ${PATCH('key', 'key')}, ${PATCH('authorizeUrl', 'authorize_url')},
                   ${PATCH('tokenUrl', 'token_url')}, ${PATCH('clientId', 'client_id')},
                   ${PATCH('clientSecretEncrypted', 'client_secret_encrypted')},
                   scopes = CASE WHEN $3::jsonb ? 'scopes'
                            THEN ARRAY(SELECT jsonb_array_elements_text($3::jsonb->'scopes')) ELSE scopes END,
                   ${PATCH('grantType', 'grant_type')}, ${PATCH('tokenAuthMethod', 'token_auth_method')},
                   ${PATCH('usePkce', 'use_pkce', '::boolean')}, ${PATCH('apiBaseUrl', 'api_base_url')},
                   ${PATCH('errorStyle', 'error_style')}, ${PATCH('template', 'template')},
                   ${PATCH('resourceIndicator', 'resource_indicator')},
                   updated_at = now()
                 WHERE organization_id = $1 AND id = $2
                 RETURNING id`,
  deleteForOrg: `DELETE FROM oauth_providers WHERE organization_id = $1 AND id = $2 RETURNING id`,
} as const;

interface ProviderTableRow {
  id: string;
  organization_id: string;
  key: string;
  authorize_url: string | null;
  token_url: string;
  client_id: string;
  client_secret_encrypted: string | null;
  scopes: string[];
  grant_type: GrantType;
  token_auth_method: TokenAuthMethod;
  use_pkce: boolean;
  api_base_url: string | null;
  error_style: ErrorStyle;
  template: string | null;
  resource_indicator: string | null;
  created_at: Date;
  updated_at: Date;
}

function toProvider(row: ProviderTableRow): ProviderEntity {
  return {
    id: row.id,
    organizationId: row.organization_id,
    key: row.key,
    authorizeUrl: row.authorize_url,
    tokenUrl: row.token_url,
    clientId: row.client_id,
    clientSecretEncrypted: row.client_secret_encrypted,
    scopes: row.scopes,
    grantType: row.grant_type,
    tokenAuthMethod: row.token_auth_method,
    usePkce: row.use_pkce,
    apiBaseUrl: row.api_base_url,
    errorStyle: row.error_style,
    template: row.template,
    resourceIndicator: row.resource_indicator,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

@Injectable()
export class ProvidersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Throws the driver's unique violation when the key is taken in this org; `id` is the caller's. */
  async insert(orgId: string, id: string, row: ProviderRow): Promise<ProviderEntity> {
    const rows: ProviderTableRow[] = await this.dataSource.query(providerStatements.insert, [
      id,
      orgId,
      row.key,
      row.authorizeUrl,
      row.tokenUrl,
      row.clientId,
      row.clientSecretEncrypted,
      row.scopes,
      row.grantType,
      row.tokenAuthMethod,
      row.usePkce,
      row.apiBaseUrl,
      row.errorStyle,
      row.template,
      row.resourceIndicator,
    ]);
    return toProvider(rows[0]);
  }

  async findForOrg(orgId: string, id: string): Promise<ProviderEntity | null> {
    const rows: ProviderTableRow[] = await this.dataSource.query(providerStatements.findForOrg, [orgId, id]);
    return rows[0] ? toProvider(rows[0]) : null;
  }

  async findByKey(orgId: string, key: string): Promise<ProviderEntity | null> {
    const rows: ProviderTableRow[] = await this.dataSource.query(providerStatements.findByKey, [orgId, key]);
    return rows[0] ? toProvider(rows[0]) : null;
  }

  async findManyForOrg(orgId: string, ids: string[]): Promise<ProviderEntity[]> {
    if (ids.length === 0) return [];
    const rows: ProviderTableRow[] = await this.dataSource.query(providerStatements.findManyForOrg, [
      orgId,
      ids,
    ]);
    return rows.map(toProvider);
  }

  async listPage(orgId: string, limit: number, cursor?: string): Promise<ProviderEntity[]> {
    const after = decodeCursor(cursor);
    const rows: ProviderTableRow[] = await this.dataSource.query(providerStatements.listPage, [
      orgId,
      after?.createdAt ?? null,
      after?.id ?? null,
      limit + 1,
    ]);
    return rows.map(toProvider);
  }

  /** Returns false when the provider is not in this org; throws a unique violation on a taken key. */
  async updateForOrg(orgId: string, id: string, patch: Partial<ProviderRow>): Promise<boolean> {
    if (Object.keys(patch).length === 0) return (await this.findForOrg(orgId, id)) !== null;
    const result = await this.dataSource.query(providerStatements.updateForOrg, [
      orgId,
      id,
      JSON.stringify(patch),
    ]);
    return returningRows(result).length > 0;
  }

  async deleteForOrg(orgId: string, id: string, manager: EntityManager): Promise<boolean> {
    const result = await manager.query(providerStatements.deleteForOrg, [orgId, id]);
    return returningRows(result).length > 0;
  }
}
