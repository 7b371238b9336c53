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
    expect(expiresAt({ createdAt: created }, 60).toISOString()).toBe('2026-01-01T00:01:00.000Z');
  });

  it('ends an approval at its own expiry, not the TTL', () => {
    const approval = { createdAt: created, claimedAt: null, expiresAt: at(5) };
    expect(interactionStatus(approval, 3600, at(4))).toBe('PENDING');
    expect(interactionStatus(approval, 3600, at(5))).toBe('EXPIRED');
    expect(expiresAt(approval, 3600).toISOString()).toBe('2026-01-01T00:00:05.000Z');
  });

  it('is EXPIRED when plugboard closed an approval nobody answered', () => {
    const closed = { createdAt: created, claimedAt: at(5), answeredBy: null, expiresAt: at(5) };
    expect(interactionStatus(closed, 3600, at(6))).toBe('EXPIRED');
    expect(interactionStatus({ ...closed, answeredBy: 'U1' }, 3600, at(6))).toBe('ANSWERED');
  });
});
