import { nextRetryDelaySeconds } from './refresh-backoff';

describe('nextRetryDelaySeconds', () => {
  it('starts at 30 s and doubles per consecutive failure', () => {
    expect([1, 2, 3, 4].map((count) => nextRetryDelaySeconds(count))).toEqual([30, 60, 120, 240]);
  });

  it('never exceeds 10 minutes', () => {
    expect(nextRetryDelaySeconds(6)).toBe(600);
    expect(nextRetryDelaySeconds(50)).toBe(600);
  });

  it('honours a longer Retry-After up to the cap, and ignores a shorter one', () => {
    expect(nextRetryDelaySeconds(1, 120)).toBe(120);
    expect(nextRetryDelaySeconds(1, 5)).toBe(30);
    expect(nextRetryDelaySeconds(1, 86400)).toBe(600);
  });
});
