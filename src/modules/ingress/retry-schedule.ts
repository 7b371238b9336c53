const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * The wait after each failed attempt when DELIVERY_BACKOFF_MS is unset: a receiver that is down for
 * a deploy is retried within seconds, one that is down for a day still gets its deliveries (~27 h
 * in all with the default 8 attempts). Past the end of the list the last wait repeats.
 */
export const DEFAULT_RETRY_SCHEDULE_MS = [
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
];
/** ±20%: receivers that failed together are not all retried in the same second. */
export const RETRY_JITTER = 0.2;
/** The doubling of DELIVERY_BACKOFF_MS stops growing here. */
export const MAX_EXPONENTIAL_WAIT_MS = 10 * HOUR;
/** A receiver may ask for a later retry with Retry-After, up to this. */
export const MAX_RETRY_AFTER_MS = 24 * HOUR;

export interface RetryPolicy {
  /** DELIVERY_BACKOFF_MS: exponential from this, doubling; undefined: the default schedule. */
  backoffMs?: number;
}

/**
 * How long to wait after the `failedAttempt`-th attempt of a round (1-based) failed. A receiver's
 * Retry-After (seconds, already parsed) replaces the computed wait, capped at 24 h. `random` is
 * injectable so the jitter bounds can be tested.
 */
export function retryDelayMs(
  failedAttempt: number,
  policy: RetryPolicy,
  retryAfterSeconds?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterSeconds !== undefined) return Math.min(retryAfterSeconds * SECOND, MAX_RETRY_AFTER_MS);
  const index = Math.max(0, failedAttempt - 1);
  if (policy.backoffMs !== undefined) {
    // capped exponent: 2^40 of any backoff is past the cap already, and stays a safe number
    return Math.min(policy.backoffMs * 2 ** Math.min(index, 40), MAX_EXPONENTIAL_WAIT_MS);
  }
  const base = DEFAULT_RETRY_SCHEDULE_MS[Math.min(index, DEFAULT_RETRY_SCHEDULE_MS.length - 1)];
  return Math.round(base * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random()));
}
