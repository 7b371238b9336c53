/** Upper bound only so that now + ttl stays a valid timestamp; the contract accepts any integer ≥ 1. */
export const MAX_TTL_SECONDS = 10 * 365 * 24 * 3600;
