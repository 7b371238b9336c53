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
