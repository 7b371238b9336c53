export type InteractionStatus = 'PENDING' | 'ANSWERED' | 'EXPIRED';

/**
 * Answered wins over expiry: an answer given in time stays an answer until the sweep removes the row.
 * An approval that plugboard itself closed (no answer in time, or the waiting worker went away) was
 * claimed by nobody: it is EXPIRED.
 */
export function interactionStatus(
  row: { createdAt: Date; claimedAt: Date | null; answeredBy?: string | null; expiresAt?: Date | null },
  ttlSeconds: number,
  now: Date = new Date(),
): InteractionStatus {
  if (row.claimedAt) return row.answeredBy === null ? 'EXPIRED' : 'ANSWERED';
  return now.getTime() >= expiresAt(row, ttlSeconds).getTime() ? 'EXPIRED' : 'PENDING';
}

export function expiresAt(row: { createdAt: Date; expiresAt?: Date | null }, ttlSeconds: number): Date {
  if (row.expiresAt) return new Date(row.expiresAt);
  return new Date(row.createdAt.getTime() + ttlSeconds * 1000);
}
