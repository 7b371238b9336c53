import { nextRetryDelaySeconds, parseRetryAfter } from './refresh-backoff';

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

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('42')).toBe(42);
    expect(parseRetryAfter(new Date(1_000_000 + 90_000).toUTCString(), 1_000_000)).toBe(90);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
