import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RedisConnections } from '../../shared/redis-connections';
import { ConnectionsRepository } from './connections.repository';

/** Longer than the token call's timeouts (token-endpoint.client.ts); the version fence covers the rest. */
export const REFRESH_LEASE_MS = 20_000;

export interface RefreshLockHandle {
  connectionId: string;
  owner: string;
  kind: 'redis' | 'postgres';
}

// compare-and-delete, so a leader whose lock expired never releases the next leader's lock
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * The cross-process leader lock for one connection's refresh. With REDIS_URL: `SET NX PX` with a
 * token-checked release; when Redis errors, the PostgreSQL lease row is used instead. Without Redis:
 * only the lease. Neither pins a database connection during the provider call.
 */
@Injectable()
export class RefreshLock {
  private readonly logger = new Logger(RefreshLock.name);
  private lastRedisWarning = 0;

  constructor(
    private readonly redis: RedisConnections,
    private readonly connections: ConnectionsRepository,
  ) {}

  async tryAcquire(connectionId: string): Promise<RefreshLockHandle | null> {
    const owner = randomUUID();
    if (this.redis.isEnabled) {
      try {
        const answer = await this.redis
          .client()
          .set(lockKey(connectionId), owner, 'PX', REFRESH_LEASE_MS, 'NX');
        return answer === 'OK' ? { connectionId, owner, kind: 'redis' } : null;
      } catch (error) {
        this.warnRedisFallback(error);
      }
    }
    const taken = await this.connections.takeRefreshLease(connectionId, owner, REFRESH_LEASE_MS);
    return taken ? { connectionId, owner, kind: 'postgres' } : null;
  }

  async release(handle: RefreshLockHandle): Promise<void> {
    try {
      if (handle.kind === 'redis') {
        await this.redis.client().eval(RELEASE_SCRIPT, 1, lockKey(handle.connectionId), handle.owner);
      } else {
        await this.connections.releaseRefreshLease(handle.connectionId, handle.owner);
      }
    } catch (error) {
      // the lock expires on its own; a failed release only delays the next refresh
      this.logger.warn({ err: error, connectionId: handle.connectionId }, 'refresh lock release failed');
    }
  }

  private warnRedisFallback(error: unknown): void {
    const now = Date.now();
    if (now - this.lastRedisWarning < 10_000) return;
    this.lastRedisWarning = now;
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn(`Redis refresh lock unavailable (${message}); falling back to the PostgreSQL lease`);
  }
}

function lockKey(connectionId: string): string {
  return `plugboard:refresh-lock:${connectionId}`;
}
