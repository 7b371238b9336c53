import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from '../../shared/metrics.registry';

export type RefreshMetricOutcome = 'ok' | 'terminal' | 'transient' | 'coalesced';

@Injectable()
export class OAuthMetrics {
  private readonly attempts: Counter<'outcome'>;
  private readonly lockWait: Histogram;

  constructor(metrics: MetricsRegistry) {
    this.attempts = new Counter({
      name: 'plugboard_oauth_refresh_attempts_total',
      help: 'Token refresh attempts by outcome (coalesced: served by another caller’s refresh)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    this.lockWait = new Histogram({
      name: 'plugboard_oauth_refresh_lock_wait_seconds',
      help: 'Time a refresh waited for the cross-process leader lock or for the leader’s result',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [metrics.registry],
    });
  }

  countRefresh(outcome: RefreshMetricOutcome): void {
    this.attempts.inc({ outcome });
  }

  observeLockWait(seconds: number): void {
    this.lockWait.observe(seconds);
  }
}
