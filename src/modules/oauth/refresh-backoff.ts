export const FIRST_RETRY_SECONDS = 30;
export const MAX_RETRY_SECONDS = 600;

/**
 * Delay before the next token-endpoint call after `failureCount` consecutive transient failures:
 * 30 s doubling to 10 min. A provider's Retry-After is honoured when longer, up to the same cap.
 */
export function nextRetryDelaySeconds(failureCount: number, retryAfterSeconds?: number): number {
  const exponent = Math.max(0, Math.min(failureCount - 1, 10));
  const backoff = Math.min(FIRST_RETRY_SECONDS * 2 ** exponent, MAX_RETRY_SECONDS);
  const requested = retryAfterSeconds !== undefined && retryAfterSeconds > 0 ? retryAfterSeconds : 0;
  return Math.min(Math.max(backoff, requested), MAX_RETRY_SECONDS);
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  if (/^\s*\d+\s*$/.test(raw)) return Number(raw);
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
