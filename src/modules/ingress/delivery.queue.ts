import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../config';
import { RedisConnections } from '../../shared/redis-connections';
import { DeliveryRef } from './deliveries.repository';
import { DispatchDeliveryUseCase } from './dispatch-delivery.usecase';

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
 * enqueue(delivery) → queued | dispatched | failed, never throws. With Redis: a BullMQ job. Without:
 * the dispatch runs in this process after the caller's commit (`dispatched`), and retries are
 * timers here. Whatever is lost (Redis down, process died) the outbox poller finds in PostgreSQL.
 */
@Injectable()
export class DeliveryQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryQueue.name);
  private queue?: Queue<DispatchJobData>;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;

  constructor(
    private readonly redis: RedisConnections,
    private readonly config: AppConfig,
    private readonly dispatcher: DispatchDeliveryUseCase,
  ) {}

  get usesRedis(): boolean {
    return this.redis.isEnabled;
  }

  onApplicationBootstrap(): void {
    // connect the shared client (the queue's health signal) and the producer before the first accept
    if (this.usesRedis) {
      this.redis.client();
      this.producer();
    }
  }

  async enqueue(ref: DeliveryRef, delayMs = 0): Promise<EnqueueOutcome> {
    if (!this.usesRedis) return this.dispatchInline(ref.id, delayMs);
    // BullMQ waits for its connection before an add; while Redis is known down, fail at once instead
    if (this.redis.client().status !== 'ready') return 'failed';
    try {
      await withTimeout(
        this.producer().add(
          DISPATCH_JOB,
          { deliveryId: ref.id },
          { jobId: deliveryJobId(ref), delay: delayMs, removeOnComplete: true, removeOnFail: true },
        ),
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

  /** Runs a dispatch in this process (no Redis, or the poller's fallback when Redis is down). */
  dispatchInline(deliveryId: string, delayMs = 0): EnqueueOutcome {
    if (this.closing) return 'failed';
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const run = this.dispatcher
        .execute(deliveryId)
        .then((result) => {
          if (result.outcome === 'retry' && result.retry)
            this.dispatchInline(deliveryId, result.retry.delayMs);
        })
        .catch((error: unknown) => this.logger.error({ err: error, deliveryId }, 'inline dispatch failed'))
        .finally(() => this.inFlight.delete(run));
      this.inFlight.add(run);
    }, delayMs);
    this.timers.add(timer);
    return 'dispatched';
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

  /** Before TypeORM and Redis close (their onApplicationShutdown), so in-flight work can finish. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
    await this.queue?.close().catch(() => undefined);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
