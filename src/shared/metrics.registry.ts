import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { clusterAwareRender } from './cluster-metrics';

/**
 * One prom-client registry per app instance (tests boot several apps in one process, and the
 * global registry would reject the second registration). Modules add their metrics here.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.httpRequestDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route template',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    new Gauge({
      name: 'plugboard_processes',
      help: 'plugboard processes this scrape covers (PROCESSES; fewer while one restarts)',
      registers: [this.registry],
    }).set(1);
    this.render = clusterAwareRender(this.registry);
  }

  /** This process's metrics; with `PROCESSES` > 1, the sum over every process of the cluster. */
  readonly render: () => Promise<string>;
}
