import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { returningRows } from '../../database';
import { decodeCursor } from '../../shared/pagination';
import { ConnectionEntity } from './connection.entity';

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

const HEALTHY = {
  status: 'ACTIVE' as const,
  lastRefreshError: null,
  refreshBlockedUntil: null,
  refreshRetryAt: null,
  refreshFailureCount: 0,
};

/**
 * Every token write bumps `token_version`; writes after a refresh are fenced on the version read
 * before the provider call, so a late or lease-expired writer can never overwrite a newer token.
 */
@Injectable()
export class ConnectionsRepository {
  constructor(
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
  ) {}

  /** `id` is chosen by the caller: the tokens are already sealed for that row. */
  insert(
    orgId: string,
    row: {
      id: string;
      providerId: string;
      externalAccountId: string | null;
      params: Record<string, string> | null;
    } & StoredTokens,
  ): Promise<ConnectionEntity> {
    return this.connections.save(
      this.connections.create({
        apiBaseUrl: null,
        ...row,
        ...HEALTHY,
        organizationId: orgId,
        tokenVersion: 1,
      }),
    );
  }

  /** Which of `ids` are INVALID (with their org): the sweep's reconciliation of integrations. */
  async findInvalidAmong(ids: string[]): Promise<Array<{ orgId: string; connectionId: string }>> {
    if (ids.length === 0) return [];
    return this.connections.query(
      `SELECT organization_id AS "orgId", id AS "connectionId" FROM oauth_connections
        WHERE id = ANY($1::uuid[]) AND status = 'INVALID'`,
      [ids],
    );
  }

  findForOrg(orgId: string, id: string): Promise<ConnectionEntity | null> {
    return this.connections.findOneBy({ organizationId: orgId, id });
  }

  listPage(orgId: string, limit: number, cursor?: string): Promise<ConnectionEntity[]> {
    const after = decodeCursor(cursor);
    const query = this.connections
      .createQueryBuilder('connection')
      .where('connection.organization_id = :orgId', { orgId })
      .orderBy('connection.created_at', 'DESC')
      .addOrderBy('connection.id', 'DESC');
    if (after) query.andWhere('(connection.created_at, connection.id) < (:createdAt, :id)', after);
    return query.limit(limit + 1).getMany();
  }

  async deleteForOrg(orgId: string, id: string): Promise<boolean> {
    const result = await this.connections.delete({ organizationId: orgId, id });
    return (result.affected ?? 0) > 0;
  }

  async deleteForProvider(orgId: string, providerId: string, manager: EntityManager): Promise<string[]> {
    const result = await manager
      .createQueryBuilder()
      .delete()
      .from(ConnectionEntity)
      .where('organization_id = :orgId AND provider_id = :providerId', { orgId, providerId })
      .returning(['id'])
      .execute();
    return (result.raw as Array<{ id: string }>).map((row) => row.id);
  }

  /** A refresh result; false when someone else stored a newer token first (the caller adopts it). */
  storeRefreshedTokens(
    orgId: string,
    id: string,
    expectedVersion: number,
    tokens: StoredTokens,
  ): Promise<boolean> {
    return this.updateVersioned(orgId, id, expectedVersion, {
      ...tokens,
      ...HEALTHY,
      tokenVersion: () => 'token_version + 1',
    });
  }

  /** A reconnect replaces the credential whatever happened before, and clears every block. */
  async replaceTokensAfterReconnect(orgId: string, id: string, tokens: StoredTokens): Promise<boolean> {
    const result = await this.connections
      .createQueryBuilder()
      .update(ConnectionEntity)
      .set({ ...tokens, ...HEALTHY, tokenVersion: () => 'token_version + 1', updatedAt: () => 'now()' })
      .where('organization_id = :orgId AND id = :id', { orgId, id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Terminal failure: INVALID and refresh blocked for the TTL; fenced like a token write. */
  markInvalid(
    orgId: string,
    id: string,
    expectedVersion: number,
    errorCode: string,
    blockSeconds: number,
  ): Promise<boolean> {
    return this.updateVersioned(orgId, id, expectedVersion, {
      status: 'INVALID',
      lastRefreshError: errorCode,
      refreshBlockedUntil: () => `now() + make_interval(secs => ${Math.trunc(blockSeconds)})`,
      refreshRetryAt: null,
    });
  }

  /** Transient failure: stays as it is, but no provider call before `refresh_retry_at`. */
  markBackoff(
    orgId: string,
    id: string,
    expectedVersion: number,
    errorCode: string,
    delaySeconds: number,
  ): Promise<boolean> {
    return this.updateVersioned(orgId, id, expectedVersion, {
      lastRefreshError: errorCode,
      refreshRetryAt: () => `now() + make_interval(secs => ${Math.trunc(delaySeconds)})`,
      refreshFailureCount: () => 'refresh_failure_count + 1',
    });
  }

  /**
   * A refresh caused by an upstream's rejection: taken at most once per window per connection,
   * whichever process asks first (the stamp is not a cached column, so it notifies nobody).
   */
  async claimRejectionRefresh(orgId: string, id: string, windowSeconds: number): Promise<boolean> {
    const rows: unknown[] = returningRows(
      await this.connections.query(
        `UPDATE oauth_connections SET rejection_refresh_at = now()
          WHERE organization_id = $1 AND id = $2
            AND (rejection_refresh_at IS NULL OR rejection_refresh_at <= now() - make_interval(secs => $3))
          RETURNING id`,
        [orgId, id, windowSeconds],
      ),
    );
    return rows.length > 0;
  }

  /**
   * Whether a refresh is under way for this connection: its leader holds the lease, or a rejection
   * refresh was claimed and nothing has been written to the row since (the lease write stamps
   * updated_at too, and from then on the lease says it).
   */
  async isRefreshRunning(orgId: string, id: string): Promise<boolean> {
    const rows: Array<{ running: boolean }> = await this.connections.query(
      `SELECT (refresh_lease_until IS NOT NULL AND refresh_lease_until > now())
           OR (rejection_refresh_at IS NOT NULL AND rejection_refresh_at > updated_at) AS running
         FROM oauth_connections WHERE organization_id = $1 AND id = $2`,
      [orgId, id],
    );
    return rows[0]?.running === true;
  }

  /**
   * The cross-process leader lease (no advisory lock: that would pin a pooled connection for the whole
   * provider call). Taken only when free or expired.
   */
  async takeRefreshLease(id: string, owner: string, leaseMs: number): Promise<boolean> {
    const result = await this.connections
      .createQueryBuilder()
      .update(ConnectionEntity)
      .set({
        refreshLeaseOwner: owner,
        refreshLeaseUntil: () => `now() + make_interval(secs => ${leaseMs / 1000})`,
      })
      .where('id = :id AND (refresh_lease_until IS NULL OR refresh_lease_until < now())', { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async releaseRefreshLease(id: string, owner: string): Promise<void> {
    await this.connections
      .createQueryBuilder()
      .update(ConnectionEntity)
      .set({ refreshLeaseOwner: null, refreshLeaseUntil: null })
      .where('id = :id AND refresh_lease_owner = :owner', { id, owner })
      .execute();
  }

  /** For the proactive job: ACTIVE, refreshable, expiring soon, not backing off; oldest expiry first. */
  findDueForRefresh(
    windowSeconds: number,
    limit: number,
    manager: EntityManager,
  ): Promise<Array<{ id: string; organizationId: string }>> {
    return manager
      .createQueryBuilder(ConnectionEntity, 'connection')
      .select(['connection.id', 'connection.organizationId'])
      .where(`connection.status = 'ACTIVE' AND connection.is_refreshable`)
      .andWhere(`connection.expires_at < now() + make_interval(secs => :windowSeconds)`, { windowSeconds })
      .andWhere('(connection.refresh_retry_at IS NULL OR connection.refresh_retry_at <= now())')
      .orderBy('connection.expires_at', 'ASC')
      .limit(limit)
      .getMany();
  }

  private async updateVersioned(
    orgId: string,
    id: string,
    expectedVersion: number,
    values: Record<string, unknown>,
  ): Promise<boolean> {
    const result = await this.connections
      .createQueryBuilder()
      .update(ConnectionEntity)
      .set({ ...values, updatedAt: () => 'now()' })
      .where('organization_id = :orgId AND id = :id AND token_version = :expectedVersion', {
        orgId,
        id,
        expectedVersion,
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
