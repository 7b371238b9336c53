/** A small reader of the Prometheus text format, enough for the health strip. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(LABEL)) labels[label[1]] = label[2].replace(/\\(.)/g, '$1');
    const value = Number(match[3]);
    if (Number.isFinite(value)) samples.push({ name: match[1], labels, value });
  }
  return samples;
}

/** Counters whose name speaks of deliveries, summed by their outcome (or status) label. */
export function deliveryOutcomes(samples: Sample[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const sample of samples) {
    if (!/deliver/i.test(sample.name) || !/_total$/.test(sample.name)) continue;
    const outcome = sample.labels.outcome ?? sample.labels.status ?? sample.labels.result;
    if (!outcome) continue;
    totals[outcome.toLowerCase()] = (totals[outcome.toLowerCase()] ?? 0) + sample.value;
  }
  return totals;
}

/** A queue-depth gauge (waiting jobs), when the server exports one. */
export function queueDepth(samples: Sample[]): number | null {
  const depth = samples.filter(
    (sample) => /queue/i.test(sample.name) && /(depth|waiting|size)/i.test(sample.name),
  );
  if (depth.length === 0) return null;
  return depth.reduce((sum, sample) => sum + sample.value, 0);
}

/** HTTP responses by status class, from the http_request_duration_seconds histogram every build has. */
export function httpResponsesByClass(samples: Sample[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const sample of samples) {
    if (sample.name !== 'http_request_duration_seconds_count') continue;
    const statusClass = `${(sample.labels.status_code ?? '?').charAt(0)}xx`;
    totals[statusClass] = (totals[statusClass] ?? 0) + sample.value;
  }
  return totals;
}
