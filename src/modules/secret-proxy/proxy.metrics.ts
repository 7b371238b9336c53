import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { labelledChildren } from '../../shared/metric-children';
import { MetricsRegistry } from '../../shared/metrics.registry';

/** Provider labels come from connections the worker is authorised for, never from raw input. */
@Injectable()
export class ProxyMetrics {
  readonly requests: Counter<'provider' | 'status_class'>;
  readonly upstreamSeconds: Histogram<'provider'>;
  readonly refusals: Counter<'reason'>;
  /** Children per label combination: prom-client hashes a labels object on every call otherwise. */
  readonly requestsOf: (provider: string, statusClass: string) => { inc(): void };
  readonly upstreamSecondsOf: (provider: string) => { observe(seconds: number): void };

  constructor(metrics: MetricsRegistry) {
    this.requests = new Counter({
      name: 'secret_proxy_requests_total',
      help: 'Proxied requests by provider and answer status class',
      labelNames: ['provider', 'status_class'],
      registers: [metrics.registry],
    });
    this.upstreamSeconds = new Histogram({
      name: 'secret_proxy_upstream_duration_seconds',
      help: 'Time until the upstream answered with headers',
      labelNames: ['provider'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [metrics.registry],
    });
    this.refusals = new Counter({
      name: 'secret_proxy_refusals_total',
      help: 'Proxy requests refused before or instead of reaching the upstream, by reason',
      labelNames: ['reason'],
      registers: [metrics.registry],
    });
    this.requestsOf = labelledChildren(this.requests);
    this.upstreamSecondsOf = labelledChildren(this.upstreamSeconds);
  }

  /** `SECRET_PROXY.BAD_PATH` → `bad_path`; codes are a closed set, so the label stays bounded. */
  recordRefusal(code: string): void {
    this.refusals.inc({ reason: code.replace(/^[A-Z_]+\./, '').toLowerCase() });
  }
}
