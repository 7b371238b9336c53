import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { labelledChildren } from '../../shared/metric-children';
import { MetricsRegistry } from '../../shared/metrics.registry';
import { DeliveriesRepository } from './deliveries.repository';

@Injectable()
export class IngressMetrics {
  readonly requests: Counter<'scheme' | 'result'>;
  readonly outcomes: Counter<'outcome'>;
  readonly acceptDuration: Histogram<'scheme'>;
  /** Children per label combination: prom-client hashes a labels object on every call otherwise. */
  readonly requestsOf: (scheme: string, result: string) => { inc(): void };
  readonly acceptDurationOf: (scheme: string) => { observe(seconds: number): void };

  constructor(metrics: MetricsRegistry, deliveries: DeliveriesRepository) {
    this.requests = new Counter({
      name: 'plugboard_ingress_requests_total',
      help: 'Ingress requests by scheme and result (accepted, duplicate, rejected)',
      labelNames: ['scheme', 'result'],
      registers: [metrics.registry],
    });
    this.outcomes = new Counter({
      name: 'plugboard_delivery_outcomes_total',
      help: 'Delivery dispatch outcomes (delivered, retry, dead, parked, discarded)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    this.acceptDuration = new Histogram({
      name: 'plugboard_ingress_accept_duration_seconds',
      help: 'Time from request to durable accept',
      labelNames: ['scheme'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [metrics.registry],
    });
    this.requestsOf = labelledChildren(this.requests);
    this.acceptDurationOf = labelledChildren(this.acceptDuration);
    new Gauge({
      name: 'plugboard_delivery_queue_depth',
      help: 'Deliveries waiting for a consumer (RECEIVED) or in delivery (QUEUED)',
      labelNames: ['status'],
      registers: [metrics.registry],
      // every process of a cluster counts the same rows: a sum would multiply them
      aggregator: 'max',
      async collect() {
        try {
          const counts = await deliveries.countPending();
          this.set({ status: 'RECEIVED' }, counts.RECEIVED);
          this.set({ status: 'QUEUED' }, counts.QUEUED);
        } catch {
          // a scrape during a database outage reports the last values
        }
      },
    });
  }
}
