import { parseRetryAfter } from './retry-after';

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('42')).toBe(42);
    expect(parseRetryAfter(new Date(1_000_000 + 90_000).toUTCString(), 1_000_000)).toBe(90);
    expect(parseRetryAfter(['7', '9'])).toBe(7);
  });

  it('answers 0 for a date already past, and undefined for nothing or nonsense', () => {
    expect(parseRetryAfter(new Date(1_000_000 - 90_000).toUTCString(), 1_000_000)).toBe(0);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-5')).toBeUndefined();
  });
});
