import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { AppConfig } from '../../config';
import { RedisConnections } from '../../shared/redis-connections';
import { DELIVERY_QUEUE, DeliveryQueue, DispatchJobData } from './delivery.queue';
import { DispatchDeliveryUseCase } from './dispatch-delivery.usecase';

const CONCURRENCY = 16;

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
    await this.worker?.close().catch(() => undefined);
  }
}
