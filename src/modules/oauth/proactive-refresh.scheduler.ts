import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../config';
import { TransactionRunner } from '../../database';
import { ADVISORY_LOCKS } from '../../shared/advisory-locks';
import { OrgContext } from '../../shared/org-context';
import { ConnectionsRepository } from './connections.repository';
import { RefreshConnectionUseCase } from './refresh-connection.usecase';

const INTERVAL_NAME = 'oauth-proactive-refresh';
const BATCH_SIZE = 50;

/**
 * Refreshes ACTIVE, refreshable connections that will expire before the next tick plus the skew, so
 * idle connections do not die and requests rarely wait. One timer per process; the batch is picked
 * by one replica at a time (transaction-scoped advisory lock, so no pooled connection stays pinned),
 * and every refresh still goes through the coalesced path, so a replica racing it costs no extra
 * provider call. Tokens without an expiry are never picked.
 */
@Injectable()
export class ProactiveRefreshScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(ProactiveRefreshScheduler.name);
  private running = false;

  constructor(
    private readonly schedulerRegistry: SchedulerRegistry,
    private readonly transactions: TransactionRunner,
    private readonly connections: ConnectionsRepository,
    private readonly refresher: RefreshConnectionUseCase,
    private readonly orgContext: OrgContext,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.processRole === 'api') return;
    const timer = setInterval(() => void this.refreshDueConnections(), this.intervalMs());
    timer.unref();
    this.schedulerRegistry.addInterval(INTERVAL_NAME, timer);
  }

  /** Returns how many connections this run refreshed (0 when another replica holds the batch). */
  async refreshDueConnections(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let refreshed = 0;
    try {
      // due: would enter the skew before the next tick (plus a margin for a slow run)
      const windowSeconds = this.config.oauth.refreshSkewSeconds + this.intervalMs() / 1000 + 30;
      const due = await this.transactions.run(async (manager) => {
        const [{ locked }] = (await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [
          ADVISORY_LOCKS.proactiveRefresh,
        ])) as Array<{ locked: boolean }>;
        return locked ? this.connections.findDueForRefresh(windowSeconds, BATCH_SIZE, manager) : [];
      });
      for (const { id, organizationId } of due) {
        if (await this.refreshOne(organizationId, id)) refreshed += 1;
      }
    } catch (error) {
      this.logger.error({ err: error }, 'proactive refresh run failed');
    } finally {
      this.running = false;
    }
    return refreshed;
  }

  private async refreshOne(orgId: string, id: string): Promise<boolean> {
    try {
      return await this.orgContext.runAs(orgId, async () => {
        const connection = await this.connections.findForOrg(orgId, id);
        if (!connection || connection.status !== 'ACTIVE') return false;
        return (await this.refresher.execute(orgId, connection)).ok;
      });
    } catch (error) {
      this.logger.warn({ err: error, connectionId: id }, 'proactive refresh of a connection failed');
      return false;
    }
  }

  private intervalMs(): number {
    return this.config.oauth.proactiveRefreshIntervalSeconds * 1000;
  }
}
