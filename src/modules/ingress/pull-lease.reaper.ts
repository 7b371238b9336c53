import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config';
import { DeliveriesRepository } from './deliveries.repository';
import { IngressMetrics } from './ingress.metrics';

const INTERVAL_MS = 2_000;
const BATCH = 500;

/**
 * A pulled delivery whose last lease of the round ran out unacked is DEAD. A pull dead-letters its
 * own integration's such rows as it claims; this catches the integrations nobody pulls any more, so
 * the delivery says DEAD (and can be redriven) instead of waiting forever. Cheap and idempotent (a
 * partial index, SKIP LOCKED): every dispatching process runs it.
 */
@Injectable()
export class PullLeaseReaper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PullLeaseReaper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly metrics: IngressMetrics,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.processRole === 'api') return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.reapOnce()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'dead-lettering expired leases failed'))
        .finally(() => (this.running = undefined));
    }, INTERVAL_MS);
    this.timer.unref();
  }

  async reapOnce(): Promise<number> {
    const dead = await this.deliveries.deadLetterExpiredLeases(this.config.delivery.maxAttempts, BATCH);
    if (dead > 0) this.metrics.outcomes.inc({ outcome: 'dead' }, dead);
    return dead;
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
