import { useEffect, useState } from 'preact/hooks';
import { ApiClient, ApiError, toApiError } from './api/client';
import { deliveryOutcomes, httpResponsesByClass, parsePrometheus, queueDepth } from './metrics';

const POLL_MS = 15000;
const WINDOW_MS = 60 * 60 * 1000;
const STORAGE_KEY = 'plugboard.console.metrics';

interface Point {
  at: number;
  totals: Record<string, number>;
}

interface Snapshot {
  ready: boolean | null;
  readyMessage: string;
  queue: number | null;
  series: 'deliveries' | 'http';
  points: Point[];
  error: ApiError | null;
}

function loadPoints(): Point[] {
  try {
    const parsed = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) ?? '[]') as Point[];
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/**
 * Readiness and the numbers of /metrics. Counters only grow, so the chart shows the increase between
 * samples taken while the console is open (kept for the last hour of this tab).
 */
export function HealthStrip({ api }: { api: ApiClient }) {
  const [snapshot, setSnapshot] = useState<Snapshot>({
    ready: null,
    readyMessage: 'checking…',
    queue: null,
    series: 'http',
    points: loadPoints(),
    error: null,
  });

  useEffect(() => {
    let stopped = false;
    const sample = async () => {
      const [ready, metrics] = await Promise.all([
        api.health.ready().then(
          () => null,
          (cause: unknown) => toApiError(cause),
        ),
        api.api.getMetrics().then(
          (text) => ({ text, error: null }),
          (cause: unknown) => ({ text: null, error: toApiError(cause) }),
        ),
      ]);
      if (stopped) return;
      const isReady = ready === null;
      const readyMessage = ready === null ? 'ready' : ready.message;
      let error: ApiError | null = null;
      let queue: number | null = null;
      let series: Snapshot['series'] = 'http';
      let totals: Record<string, number> | null = null;
      if (metrics.text !== null) {
        const samples = parsePrometheus(metrics.text);
        const outcomes = deliveryOutcomes(samples);
        series = Object.keys(outcomes).length > 0 ? 'deliveries' : 'http';
        totals = series === 'deliveries' ? outcomes : httpResponsesByClass(samples);
        queue = queueDepth(samples);
      } else {
        error = metrics.error;
      }
      setSnapshot((previous) => {
        const now = Date.now();
        const kept = previous.points.filter((point) => now - point.at < WINDOW_MS);
        const points = totals ? [...kept, { at: now, totals }] : kept;
        window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(points));
        return { ready: isReady, readyMessage, queue, series, points, error };
      });
    };
    void sample();
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void sample();
    }, POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [api]);

  const latest = snapshot.points.at(-1)?.totals ?? {};
  const keys = Object.keys(latest).sort();
  return (
    <section class="health" aria-label="Health">
      <div class="health-item">
        <span
          class={`dot ${snapshot.ready === null ? 'dot-unknown' : snapshot.ready ? 'dot-good' : 'dot-bad'}`}
          aria-hidden="true"
        />
        <span data-testid="readiness">
          {snapshot.ready === null
            ? 'Checking readiness…'
            : snapshot.ready
              ? 'Ready'
              : `Not ready: ${snapshot.readyMessage}`}
        </span>
      </div>
      <div class="health-item">
        Queue depth: <strong>{snapshot.queue ?? 'n/a'}</strong>
      </div>
      <div class="health-item health-chart">
        <span>
          {snapshot.series === 'deliveries' ? 'Delivery outcomes' : 'HTTP responses'} since the server
          started:{' '}
          {keys.length === 0 ? 'no data yet' : keys.map((key) => `${key} ${latest[key] ?? 0}`).join(' · ')}
        </span>
        <Chart points={snapshot.points} keys={keys} />
      </div>
      {snapshot.error ? (
        <div class="health-item muted">
          metrics unavailable: {snapshot.error.message}
          {snapshot.error.requestId ? ` (request id ${snapshot.error.requestId})` : ''}
        </div>
      ) : null}
    </section>
  );
}

const COLOURS: Record<string, string> = {
  delivered: '#1a7f37',
  '2xx': '#1a7f37',
  dead: '#cf222e',
  '5xx': '#cf222e',
  failed: '#cf222e',
  '4xx': '#9a6700',
  parked: '#9a6700',
  retried: '#9a6700',
};
const FALLBACK = ['#0969da', '#8250df', '#57606a'];

/** Increase per sample interval, one polyline per outcome. */
function Chart({ points, keys }: { points: Point[]; keys: string[] }) {
  const width = 160;
  const height = 32;
  if (points.length < 2) {
    return (
      <svg width={width} height={height} role="img" aria-label="Chart: collecting samples">
        <line x1="0" y1={height - 1} x2={width} y2={height - 1} stroke="#8c959f" stroke-dasharray="3 3" />
      </svg>
    );
  }
  const deltas = keys.map((key) =>
    points
      .slice(1)
      .map((point, index) => Math.max(0, (point.totals[key] ?? 0) - (points[index].totals[key] ?? 0))),
  );
  const max = Math.max(1, ...deltas.flat());
  const step = width / Math.max(1, points.length - 2);
  const description = keys
    .map((key, index) => `${key}: ${deltas[index].reduce((a, b) => a + b, 0)}`)
    .join(', ');
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Chart, increase per sample over the last hour: ${description}`}
    >
      {keys.map((key, index) => (
        <polyline
          key={key}
          fill="none"
          stroke={COLOURS[key] ?? FALLBACK[index % FALLBACK.length]}
          stroke-width="1.5"
          points={deltas[index]
            .map(
              (value, position) =>
                `${(position * step).toFixed(1)},${(height - 1 - (value / max) * (height - 2)).toFixed(1)}`,
            )
            .join(' ')}
        />
      ))}
    </svg>
  );
}
