import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { TransactionRunner } from '../../database';
import { ADVISORY_LOCKS } from '../../shared/advisory-locks';
import { DeliveriesRepository, DeliveryRef } from './deliveries.repository';
import { DeliveryDispatcher } from './delivery.dispatcher';
import { DeliveryQueue } from './delivery.queue';
import { DispatchDeliveryUseCase } from './dispatch-delivery.usecase';

const POLL_INTERVAL_MS = 1_000;
/** A row is the poller's only when its own enqueue or retry timer had this long to act. */
export const OUTBOX_GRACE_MS = 3_000;
const BATCH = 100;

/**
 * With Redis, the outbox: deliveries left RECEIVED (enqueue failed, process died before dispatch) or
 * QUEUED past their due time with no live lease (consumer died mid-delivery) are enqueued again.
 * Bounded batches, one replica at a time. When the queue itself is down the poller dispatches in
 * this process, so a Redis outage delays nothing that this process can deliver. Without Redis there
 * is nothing to poll for: the dispatcher claims due rows from PostgreSQL itself.
 */
@Injectable()
export class OutboxPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxPoller.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly transactions: TransactionRunner,
    private readonly queue: DeliveryQueue,
    private readonly dispatcher: DispatchDeliveryUseCase,
    private readonly localDispatcher: DeliveryDispatcher,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.queue.usesRedis) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.pollOnce()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'outbox poll failed'))
        .finally(() => (this.running = undefined));
    }, POLL_INTERVAL_MS);
  }

  /** Returns how many deliveries were handed on. */
  async pollOnce(): Promise<number> {
    const due = await this.transactions.run(async (manager) => {
      const [lock] = (await manager.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [
        ADVISORY_LOCKS.deliveryOutbox,
      ])) as Array<{
        locked: boolean;
      }>;
      if (!lock.locked) return [] as DeliveryRef[];
      return this.deliveries.claimDueForOutbox(manager, OUTBOX_GRACE_MS, this.dispatcher.leaseMs, BATCH);
    });
    for (const ref of due) {
      const outcome = await this.queue.enqueue(ref);
      if (outcome === 'failed') this.localDispatcher.dispatchById(ref.id);
    }
    return due.length;
  }

  /** Before TypeORM and Redis close (their onApplicationShutdown), so in-flight work can finish. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
