export type InteractionStatus = 'PENDING' | 'ANSWERED' | 'EXPIRED';

/** Answered wins over expiry: an answer given in time stays an answer until the sweep removes the row. */
export function interactionStatus(
  row: { createdAt: Date; claimedAt: Date | null },
  ttlSeconds: number,
  now: Date = new Date(),
): InteractionStatus {
  if (row.claimedAt) return 'ANSWERED';
  return now.getTime() - row.createdAt.getTime() >= ttlSeconds * 1000 ? 'EXPIRED' : 'PENDING';
}

export function expiresAt(createdAt: Date, ttlSeconds: number): Date {
  return new Date(createdAt.getTime() + ttlSeconds * 1000);
}
