import { expiresAt, interactionStatus } from './interaction-status.rules';

describe('interactionStatus', () => {
  const created = new Date('2026-01-01T00:00:00Z');
  const at = (seconds: number) => new Date(created.getTime() + seconds * 1000);

  it('is PENDING before the TTL and EXPIRED from the TTL on', () => {
    expect(interactionStatus({ createdAt: created, claimedAt: null }, 60, at(59))).toBe('PENDING');
    expect(interactionStatus({ createdAt: created, claimedAt: null }, 60, at(60))).toBe('EXPIRED');
  });

  it('is ANSWERED once claimed, even after the TTL', () => {
    expect(interactionStatus({ createdAt: created, claimedAt: at(10) }, 60, at(600))).toBe('ANSWERED');
  });

  it('computes the expiry from createdAt, which a retry never moves', () => {
    expect(expiresAt(created, 60).toISOString()).toBe('2026-01-01T00:01:00.000Z');
  });
});
