/**
 * A `Retry-After` header in seconds from now: either delta-seconds or an HTTP date (a date in the
 * past is 0). undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  if (/^\s*\d+\s*$/.test(raw)) return Number(raw);
  // a bare number that is not delta-seconds (negative, fractional) is no HTTP date either
  if (/^\s*[-+]?[\d.]+\s*$/.test(raw)) return undefined;
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
