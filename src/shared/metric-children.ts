/**
 * prom-client hashes the labels object on every observe/inc; on a hot path a child per label
 * combination, created once, skips that. Values are given in the metric's labelNames order; the
 * combinations are bounded by the labels' own bounds (route templates, status codes, schemes).
 */
export function labelledChildren<Child>(metric: {
  labels(...values: string[]): Child;
}): (...values: string[]) => Child {
  const children = new Map<string, Child>();
  return (...values: string[]) => {
    const key = values.join('\u0000');
    let child = children.get(key);
    if (!child) {
      child = metric.labels(...values);
      children.set(key, child);
    }
    return child;
  };
}
