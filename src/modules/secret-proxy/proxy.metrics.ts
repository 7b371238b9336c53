import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { labelledChildren } from '../../shared/metric-children';
import { MetricsRegistry } from '../../shared/metrics.registry';

/**
 * No label carries an org's own names (provider keys are chosen by each org, so they would leak one
 * tenant's vocabulary to whoever scrapes /metrics and grow without bound): status classes and
 * refusal codes only.
 */
@Injectable()
export class ProxyMetrics {
  readonly requests: Counter<'status_class'>;
  readonly upstreamSeconds: Histogram;
  readonly refusals: Counter<'reason'>;
  /** Requests waiting in this process for their approval's answer. */
  readonly heldRequests: Gauge;
  /** Children per label combination: prom-client hashes a labels object on every call otherwise. */
  readonly requestsOf: (statusClass: string) => { inc(): void };

  constructor(metrics: MetricsRegistry) {
    this.requests = new Counter({
      name: 'secret_proxy_requests_total',
      help: 'Proxied requests by answer status class',
      labelNames: ['status_class'],
      registers: [metrics.registry],
    });
    this.upstreamSeconds = new Histogram({
      name: 'secret_proxy_upstream_duration_seconds',
      help: 'Time until the upstream answered with headers',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [metrics.registry],
    });
    this.refusals = new Counter({
      name: 'secret_proxy_refusals_total',
      help: 'Proxy requests refused before or instead of reaching the upstream, by reason',
      labelNames: ['reason'],
      registers: [metrics.registry],
    });
    this.heldRequests = new Gauge({
      name: 'secret_proxy_held_requests',
      help: 'Proxied requests held in this process until their approval is answered',
      registers: [metrics.registry],
    });
    this.requestsOf = labelledChildren(this.requests);
  }

  /** `SECRET_PROXY.BAD_PATH` → `bad_path`; codes are a closed set, so the label stays bounded. */
  recordRefusal(code: string): void {
    this.refusals.inc({ reason: code.replace(/^[A-Z_]+\./, '').toLowerCase() });
  }
}
