import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { AppConfig } from '../../config';
import { finishStarting, RedisConnections } from '../../shared/redis-connections';
import { withTimeout } from '../../shared/with-timeout';
import { DELIVERY_QUEUE, DeliveryQueue, DispatchJobData } from './delivery.queue';
import { DispatchDeliveryUseCase } from './dispatch-delivery.usecase';

const CONCURRENCY = 16;
/** Beyond the delivery timeout, the time a job in hand gets to record its outcome at shutdown. */
const CLOSE_MARGIN_MS = 5_000;
/** How long a shutdown waits for a consumer still starting (its connections checking Redis). */
const STARTING_TIMEOUT_MS = 2_000;

/**
 * The BullMQ consumer (with REDIS_URL, in processes whose role is `all` or `worker`). A job carries
 * only the delivery id; PostgreSQL holds the truth. A retry is a new delayed job with a new id.
 */
@Injectable()
export class DeliveryProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryProcessor.name);
  private worker?: Worker<DispatchJobData>;

  constructor(
    private readonly redis: RedisConnections,
    private readonly config: AppConfig,
    private readonly dispatcher: DispatchDeliveryUseCase,
    private readonly queue: DeliveryQueue,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.redis.isEnabled || this.config.processRole === 'api') return;
    // until Redis answers, the outbox poller finds what is due (see DeliveryQueue)
    this.redis.onceReady(() => this.startWorker());
  }

  private startWorker(): void {
    this.worker = new Worker<DispatchJobData>(DELIVERY_QUEUE, (job) => this.process(job), {
      connection: this.redis.workerOptions(),
      prefix: this.config.redis.queuePrefix,
      concurrency: CONCURRENCY,
    });
    this.worker.on('error', (error) => this.logger.warn({ err: error }, 'delivery worker error'));
  }

  private async process(job: Job<DispatchJobData>): Promise<void> {
    const result = await this.dispatcher.execute(job.data.deliveryId);
    if (result.outcome === 'retry' && result.retry) {
      // if this enqueue fails the row is still QUEUED with next_attempt_at: the outbox poller retries it
      await this.queue.enqueue(result.retry.ref, result.retry.delayMs);
    }
  }

  /** Before TypeORM and Redis close (their onApplicationShutdown), so in-flight work can finish. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.worker) return;
    this.redis.stopReconnecting();
    // With Redis down, a graceful close waits for a blocking client that never ends, and no job in
    // hand could be completed anyway: close at once. Otherwise let the jobs in hand finish.
    const force = !this.redis.isReady;
    if (!force) await finishStarting(this.worker, STARTING_TIMEOUT_MS);
    await withTimeout(
      this.worker.close(force),
      force ? 1000 : this.config.delivery.timeoutMs + CLOSE_MARGIN_MS,
    ).catch((error: unknown) =>
      this.logger.warn({ err: error }, 'delivery worker did not close cleanly; its jobs stay in PostgreSQL'),
    );
  }
}
