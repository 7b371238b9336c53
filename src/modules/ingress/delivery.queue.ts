import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../config';
import { finishStarting, RedisConnections } from '../../shared/redis-connections';
import { withTimeout } from '../../shared/with-timeout';
import { AcceptLease, DeliveryRef, StoredDelivery } from './deliveries.repository';
import { DeliveryDispatcher } from './delivery.dispatcher';
import { PullWaiters } from './pull-waiters';

export type EnqueueOutcome = 'queued' | 'dispatched' | 'failed';

export const DELIVERY_QUEUE = 'deliveries';
export const DISPATCH_JOB = 'dispatch';

export interface DispatchJobData {
  deliveryId: string;
}

// a producer must never hold a request on a Redis that is down
const ENQUEUE_TIMEOUT_MS = 2_000;

/**
 * Hash-prefixed (keys spread across a cluster), no ':' (BullMQ reserves it), and new for every
 * attempt, every redrive and every lease recovery: BullMQ ignores an add whose job id still exists.
 */
export function deliveryJobId(ref: DeliveryRef): string {
  const prefix = createHash('sha256').update(ref.id).digest('hex').slice(0, 8);
  const base = `${prefix}-${ref.id}-r${ref.redrives}-a${ref.attempts}`;
  // a recovered row's old job may still sit in Redis (active in a dead worker): the recovery needs its own id
  return ref.recoveredFrom ? `${base}-o${ref.recoveredFrom.getTime()}` : base;
}

/**
 * The one owner of "this delivery is due": accepts, retries, redrives, recovered rows and
 * interaction answers all hand their rows here. With Redis: a BullMQ job (one round trip for a
 * whole accepted batch). Without: the row is already due in PostgreSQL, so the dispatcher is only
 * woken. enqueue never throws; whatever it misses (Redis down, process died) is still in
 * PostgreSQL, where the dispatcher (no Redis) or the outbox poller (Redis) finds it.
 */
@Injectable()
export class DeliveryQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryQueue.name);
  private queue?: Queue<DispatchJobData>;

  constructor(
    private readonly redis: RedisConnections,
    private readonly config: AppConfig,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly pullers: PullWaiters,
  ) {}

  get usesRedis(): boolean {
    return this.redis.isEnabled;
  }

  onApplicationBootstrap(): void {
    // connect the shared client (the queue's health signal) and the producer before the first accept
    if (this.usesRedis) this.redis.onceReady(() => this.producer());
  }

  async enqueue(ref: DeliveryRef, delayMs = 0): Promise<EnqueueOutcome> {
    if (ref.pull && ref.integrationId) {
      // nothing to POST: the row waits in PostgreSQL for its puller, who is woken now
      this.pullers.announce([ref.integrationId]);
      return 'queued';
    }
    if (!this.usesRedis) {
      this.dispatcher.wake(delayMs);
      return 'dispatched';
    }
    // BullMQ waits for its connection before an add; while Redis is known down, fail at once instead
    if (!this.redis.isReady) return 'failed';
    try {
      await withTimeout(
        this.producer().add(DISPATCH_JOB, { deliveryId: ref.id }, jobOptions(ref, delayMs)),
        ENQUEUE_TIMEOUT_MS,
      );
      return 'queued';
    } catch (error) {
      this.logger.warn(
        { err: error, deliveryId: ref.id },
        'enqueue failed; the outbox poller will pick it up',
      );
      return 'failed';
    }
  }

  /**
   * Stores new deliveries through `insert` (a statement that commits by itself), offering it this
   * process's free dispatch slots (without Redis): the rows it stores already claimed are POSTed as
   * soon as it returns, and a failed insert gives the slots back. The caller enqueues the rows that
   * were stored unclaimed.
   */
  async storeClaiming(
    rows: number,
    insert: (lease: AcceptLease | undefined) => Promise<Array<StoredDelivery | null>>,
  ): Promise<Array<StoredDelivery | null>> {
    const lease = this.usesRedis ? null : this.dispatcher.reserveForAccepts(rows);
    if (!lease) return insert(undefined);
    let stored: Array<StoredDelivery | null>;
    try {
      stored = await insert(lease);
    } catch (error) {
      this.dispatcher.takeLeased(lease, []);
      throw error;
    }
    this.dispatcher.takeLeased(
      lease,
      stored.flatMap((result) => result?.claimed ?? []),
    );
    return stored;
  }

  /** A committed batch of new deliveries: one BullMQ round trip, or one wake-up; pullers are woken. */
  async enqueueMany(all: DeliveryRef[]): Promise<void> {
    const pulled = all.filter((ref) => ref.pull && ref.integrationId);
    if (pulled.length > 0) this.pullers.announce(pulled.map((ref) => ref.integrationId!));
    const refs = pulled.length > 0 ? all.filter((ref) => !ref.pull) : all;
    if (refs.length === 0) return;
    if (!this.usesRedis) return this.dispatcher.wake();
    if (!this.redis.isReady) return;
    try {
      await withTimeout(
        this.producer().addBulk(
          refs.map((ref) => ({ name: DISPATCH_JOB, data: { deliveryId: ref.id }, opts: jobOptions(ref, 0) })),
        ),
        ENQUEUE_TIMEOUT_MS,
      );
    } catch (error) {
      this.logger.warn(
        { err: error, count: refs.length },
        'enqueue failed; the outbox poller will pick them up',
      );
    }
  }

  private producer(): Queue<DispatchJobData> {
    if (!this.queue) {
      this.queue = new Queue<DispatchJobData>(DELIVERY_QUEUE, {
        connection: this.redis.producerOptions(),
        prefix: this.config.redis.queuePrefix,
      });
      // failures surface on add(); an unhandled 'error' event would crash the process
      this.queue.on('error', () => undefined);
    }
    return this.queue;
  }

  /** Before TypeORM and Redis close (their onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.queue) return;
    this.redis.stopReconnecting();
    // with Redis down a graceful close leaves its client dialling once more with no error listener
    if (this.redis.isReady) await finishStarting(this.queue, ENQUEUE_TIMEOUT_MS);
    const closing = this.redis.isReady ? this.queue.close() : this.queue.disconnect();
    await withTimeout(closing, ENQUEUE_TIMEOUT_MS).catch(() => undefined);
  }
}

function jobOptions(ref: DeliveryRef, delayMs: number) {
  return { jobId: deliveryJobId(ref), delay: delayMs, removeOnComplete: true, removeOnFail: true };
}
