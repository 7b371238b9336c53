import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { returningRows } from '../../database';
import { decodeCursor } from '../../shared/pagination';
import { ConnectionEntity, ConnectionStatus } from './connection.entity';

/** Encrypted token material as stored; `isRefreshable` is derived by the caller on every store. */
export interface StoredTokens {
  accessTokenEncrypted: string;
  refreshTokenEncrypted: string | null;
  expiresAt: Date | null;
  scope: string | null;
  isRefreshable: boolean;
  /** The connection's own upstream when the token answer named an accepted one; absent = unchanged. */
  apiBaseUrl?: string;
}

/** A connection back from INVALID (reconnected, or refreshed again), and when. */
export interface ReauthorizedConnection {
  orgId: string;
  connectionId: string;
  reauthorizedAt: Date;
}

const COLUMNS = `id, organization_id, provider_id, status, external_account_id, access_token_encrypted,
  refresh_token_encrypted, scope, params, api_base_url, expires_at, is_refreshable, token_version, last_refresh_error,
  refresh_blocked_until, refresh_retry_at, refresh_failure_count, refresh_lease_owner, refresh_lease_until, created_at,
  updated_at`;

// what a stored token makes true: ACTIVE, nothing blocked, no failures counted
const HEALTHY = `status = 'ACTIVE', last_refresh_error = NULL, refresh_blocked_until = NULL, refresh_retry_at = NULL,
  refresh_failure_count = 0`;

/** The token columns from six parameters starting at `$first`; `api_base_url` changes only when one was named. */
function storeTokens(first: number): string {
  const $ = (offset: number) => `$${first + offset}`;
  return `access_token_encrypted = ${$(0)}, refresh_token_encrypted = ${$(1)}, expires_at = ${$(2)},
    scope = ${$(3)}, is_refreshable = ${$(4)}, api_base_url = COALESCE(${$(5)}, api_base_url)`;
}

/** Every statement of this repository; `test/integration/database/repository-statements.spec.ts` prepares each. */
export const connectionStatements = {
  insert: `INSERT INTO oauth_connections (id, organization_id, provider_id, external_account_id, params,
             access_token_encrypted, refresh_token_encrypted, expires_at, scope, is_refreshable, api_base_url, status,
             refresh_failure_count, token_version)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, 'ACTIVE', 0, 1)
           RETURNING ${COLUMNS}`,
  findInvalidAmong: `SELECT organization_id, id FROM oauth_connections
                      WHERE id = ANY($1::uuid[]) AND status = 'INVALID'`,
  // ACTIVE connections re-authorized more than $2 seconds ago: their REAUTH_SUCCEEDED had time to act
  findReauthorizedAmong: `SELECT organization_id, id, reauthorized_at FROM oauth_connections
                           WHERE id = ANY($1::uuid[]) AND status = 'ACTIVE'
                             AND reauthorized_at < now() - make_interval(secs => $2)`,
  findForOrg: `SELECT ${COLUMNS} FROM oauth_connections WHERE organization_id = $1 AND id = $2`,
  listPage: `SELECT ${COLUMNS} FROM oauth_connections
              WHERE organization_id = $1
                AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
              ORDER BY created_at DESC, id DESC
              LIMIT $4`,
  deleteForOrg: `DELETE FROM oauth_connections WHERE organization_id = $1 AND id = $2 RETURNING id`,
  deleteForProvider: `DELETE FROM oauth_connections WHERE organization_id = $1 AND provider_id = $2 RETURNING id`,
  // fenced on the version read before the provider call ($3)
  // a refresh that succeeds on an INVALID connection is a re-auth too (SET reads the old status)
  storeRefreshedTokens: `UPDATE oauth_connections SET ${storeTokens(4)}, ${HEALTHY},
                           reauthorized_at = CASE WHEN status = 'INVALID' THEN now() ELSE reauthorized_at END,
                           token_version = token_version + 1, updated_at = now()
                         WHERE organization_id = $1 AND id = $2 AND token_version = $3
                         RETURNING id`,
  // a reconnect replaces the credential whatever happened before: no version fence
  replaceTokensAfterReconnect: `UPDATE oauth_connections SET ${storeTokens(3)}, ${HEALTHY},
                                  reauthorized_at = now(), token_version = token_version + 1, updated_at = now()
                                WHERE organization_id = $1 AND id = $2
                                RETURNING id`,
  markInvalid: `UPDATE oauth_connections SET status = 'INVALID', last_refresh_error = $4,
                  refresh_blocked_until = now() + make_interval(secs => $5), refresh_retry_at = NULL,
                  updated_at = now()
                WHERE organization_id = $1 AND id = $2 AND token_version = $3
                RETURNING id`,
  markBackoff: `UPDATE oauth_connections SET last_refresh_error = $4,
                  refresh_retry_at = now() + make_interval(secs => $5),
                  refresh_failure_count = refresh_failure_count + 1, updated_at = now()
                WHERE organization_id = $1 AND id = $2 AND token_version = $3
                RETURNING id`,
  claimRejectionRefresh: `UPDATE oauth_connections SET rejection_refresh_at = now()
                           WHERE organization_id = $1 AND id = $2
                             AND (rejection_refresh_at IS NULL OR rejection_refresh_at <= now() - make_interval(secs => $3))
                           RETURNING id`,
  isRefreshRunning: `SELECT (refresh_lease_until IS NOT NULL AND refresh_lease_until > now())
                         OR (rejection_refresh_at IS NOT NULL AND rejection_refresh_at > updated_at) AS running
                       FROM oauth_connections WHERE organization_id = $1 AND id = $2`,
  // both lease writes stamp updated_at: isRefreshRunning reads a later write as the lease taking over
  takeRefreshLease: `UPDATE oauth_connections
                        SET refresh_lease_owner = $2, refresh_lease_until = now() + make_interval(secs => $3),
                            updated_at = now()
                      WHERE id = $1 AND (refresh_lease_until IS NULL OR refresh_lease_until < now())
                      RETURNING id`,
  releaseRefreshLease: `UPDATE oauth_connections
                           SET refresh_lease_owner = NULL, refresh_lease_until = NULL, updated_at = now()
                         WHERE id = $1 AND refresh_lease_owner = $2`,
  findDueForRefresh: `SELECT id, organization_id FROM oauth_connections
                       WHERE status = 'ACTIVE' AND is_refreshable
                         AND expires_at < now() + make_interval(secs => $1)
                         AND (refresh_retry_at IS NULL OR refresh_retry_at <= now())
                       ORDER BY expires_at ASC
                       LIMIT $2`,
} as const;

interface ConnectionRow {
  id: string;
  organization_id: string;
  provider_id: string;
  status: ConnectionStatus;
  external_account_id: string | null;
  access_token_encrypted: string;
  refresh_token_encrypted: string | null;
  scope: string | null;
  params: Record<string, string> | null;
  api_base_url: string | null;
  expires_at: Date | null;
  is_refreshable: boolean;
  token_version: number;
  last_refresh_error: string | null;
  refresh_blocked_until: Date | null;
  refresh_retry_at: Date | null;
  refresh_failure_count: number;
  refresh_lease_owner: string | null;
  refresh_lease_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

function toConnection(row: ConnectionRow): ConnectionEntity {
  return {
    id: row.id,
    organizationId: row.organization_id,
    providerId: row.provider_id,
    status: row.status,
    externalAccountId: row.external_account_id,
    accessTokenEncrypted: row.access_token_encrypted,
    refreshTokenEncrypted: row.refresh_token_encrypted,
    scope: row.scope,
    params: row.params,
    apiBaseUrl: row.api_base_url,
    expiresAt: row.expires_at,
    isRefreshable: row.is_refreshable,
    tokenVersion: row.token_version,
    lastRefreshError: row.last_refresh_error,
    refreshBlockedUntil: row.refresh_blocked_until,
    refreshRetryAt: row.refresh_retry_at,
    refreshFailureCount: row.refresh_failure_count,
    refreshLeaseOwner: row.refresh_lease_owner,
    refreshLeaseUntil: row.refresh_lease_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function tokenParameters(tokens: StoredTokens): unknown[] {
  return [
    tokens.accessTokenEncrypted,
    tokens.refreshTokenEncrypted,
    tokens.expiresAt,
    tokens.scope,
    tokens.isRefreshable,
    tokens.apiBaseUrl ?? null,
  ];
}

/**
 * Every token write bumps `token_version`; writes after a refresh are fenced on the version read
 * before the provider call, so a late or lease-expired writer can never overwrite a newer token.
 */
@Injectable()
export class ConnectionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `id` is chosen by the caller: the tokens are already sealed for that row. */
  async insert(
    orgId: string,
    row: {
      id: string;
      providerId: string;
      externalAccountId: string | null;
      params: Record<string, string> | null;
    } & StoredTokens,
  ): Promise<ConnectionEntity> {
    const rows: ConnectionRow[] = await this.dataSource.query(connectionStatements.insert, [
      row.id,
      orgId,
      row.providerId,
      row.externalAccountId,
      row.params ? JSON.stringify(row.params) : null,
      row.accessTokenEncrypted,
      row.refreshTokenEncrypted,
      row.expiresAt,
      row.scope,
      row.isRefreshable,
      row.apiBaseUrl ?? null,
    ]);
    return toConnection(rows[0]);
  }

  /** Which of `ids` are INVALID (with their org): the sweep's reconciliation of integrations. */
  async findInvalidAmong(ids: string[]): Promise<Array<{ orgId: string; connectionId: string }>> {
    if (ids.length === 0) return [];
    const rows: Array<{ organization_id: string; id: string }> = await this.dataSource.query(
      connectionStatements.findInvalidAmong,
      [ids],
    );
    return rows.map((row) => ({ orgId: row.organization_id, connectionId: row.id }));
  }

  /** Which of `ids` are ACTIVE and were re-authorized over `settledSeconds` ago, and when. */
  async findReauthorizedAmong(ids: string[], settledSeconds: number): Promise<ReauthorizedConnection[]> {
    if (ids.length === 0) return [];
    const rows: Array<{ organization_id: string; id: string; reauthorized_at: Date }> =
      await this.dataSource.query(connectionStatements.findReauthorizedAmong, [ids, settledSeconds]);
    return rows.map((row) => ({
      orgId: row.organization_id,
      connectionId: row.id,
      reauthorizedAt: row.reauthorized_at,
    }));
  }

  async findForOrg(orgId: string, id: string): Promise<ConnectionEntity | null> {
    const rows: ConnectionRow[] = await this.dataSource.query(connectionStatements.findForOrg, [orgId, id]);
    return rows[0] ? toConnection(rows[0]) : null;
  }

  async listPage(orgId: string, limit: number, cursor?: string): Promise<ConnectionEntity[]> {
    const after = decodeCursor(cursor);
    const rows: ConnectionRow[] = await this.dataSource.query(connectionStatements.listPage, [
      orgId,
      after?.createdAt ?? null,
      after?.id ?? null,
      limit + 1,
    ]);
    return rows.map(toConnection);
  }

  async deleteForOrg(orgId: string, id: string): Promise<boolean> {
    return this.changed(await this.dataSource.query(connectionStatements.deleteForOrg, [orgId, id]));
  }

  async deleteForProvider(orgId: string, providerId: string, manager: EntityManager): Promise<string[]> {
    const result = await manager.query(connectionStatements.deleteForProvider, [orgId, providerId]);
    return returningRows<{ id: string }>(result).map((row) => row.id);
  }

  /** A refresh result; false when someone else stored a newer token first (the caller adopts it). */
  async storeRefreshedTokens(
    orgId: string,
    id: string,
    expectedVersion: number,
    tokens: StoredTokens,
  ): Promise<boolean> {
    return this.changed(
      await this.dataSource.query(connectionStatements.storeRefreshedTokens, [
        orgId,
        id,
        expectedVersion,
        ...tokenParameters(tokens),
      ]),
    );
  }

  /** A reconnect replaces the credential whatever happened before, and clears every block. */
  async replaceTokensAfterReconnect(orgId: string, id: string, tokens: StoredTokens): Promise<boolean> {
    return this.changed(
      await this.dataSource.query(connectionStatements.replaceTokensAfterReconnect, [
        orgId,
        id,
        ...tokenParameters(tokens),
      ]),
    );
  }

  /** Terminal failure: INVALID and refresh blocked for the TTL; fenced like a token write. */
  async markInvalid(
    orgId: string,
    id: string,
    expectedVersion: number,
    errorCode: string,
    blockSeconds: number,
  ): Promise<boolean> {
    return this.changed(
      await this.dataSource.query(connectionStatements.markInvalid, [
        orgId,
        id,
        expectedVersion,
        errorCode,
        Math.trunc(blockSeconds),
      ]),
    );
  }

  /** Transient failure: stays as it is, but no provider call before `refresh_retry_at`. */
  async markBackoff(
    orgId: string,
    id: string,
    expectedVersion: number,
    errorCode: string,
    delaySeconds: number,
  ): Promise<boolean> {
    return this.changed(
      await this.dataSource.query(connectionStatements.markBackoff, [
        orgId,
        id,
        expectedVersion,
        errorCode,
        Math.trunc(delaySeconds),
      ]),
    );
  }

  /**
   * A refresh caused by an upstream's rejection: taken at most once per window per connection,
   * whichever process asks first (the stamp is not a cached column, so it notifies nobody).
   */
  async claimRejectionRefresh(orgId: string, id: string, windowSeconds: number): Promise<boolean> {
    return this.changed(
      await this.dataSource.query(connectionStatements.claimRejectionRefresh, [orgId, id, windowSeconds]),
    );
  }

  /**
   * Whether a refresh is under way for this connection: its leader holds the lease, or a rejection
   * refresh was claimed and nothing has been written to the row since (the lease write stamps
   * updated_at too, and from then on the lease says it).
   */
  async isRefreshRunning(orgId: string, id: string): Promise<boolean> {
    const rows: Array<{ running: boolean }> = await this.dataSource.query(
      connectionStatements.isRefreshRunning,
      [orgId, id],
    );
    return rows[0]?.running === true;
  }

  /**
   * The cross-process leader lease (no advisory lock: that would pin a pooled connection for the whole
   * provider call). Taken only when free or expired.
   */
  async takeRefreshLease(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.changed(
      await this.dataSource.query(connectionStatements.takeRefreshLease, [id, owner, leaseMs / 1000]),
    );
  }

  async releaseRefreshLease(id: string, owner: string): Promise<void> {
    await this.dataSource.query(connectionStatements.releaseRefreshLease, [id, owner]);
  }

  /** For the proactive job: ACTIVE, refreshable, expiring soon, not backing off; oldest expiry first. */
  async findDueForRefresh(
    windowSeconds: number,
    limit: number,
    manager: EntityManager,
  ): Promise<Array<{ id: string; organizationId: string }>> {
    const rows: Array<{ id: string; organization_id: string }> = await manager.query(
      connectionStatements.findDueForRefresh,
      [windowSeconds, limit],
    );
    return rows.map((row) => ({ id: row.id, organizationId: row.organization_id }));
  }

  /** Whether an UPDATE or DELETE … RETURNING changed a row. */
  private changed(result: unknown): boolean {
    return returningRows(result).length > 0;
  }
}
