import {
  DEFAULT_RETRY_SCHEDULE_MS,
  MAX_EXPONENTIAL_WAIT_MS,
  MAX_RETRY_AFTER_MS,
  retryDelayMs,
} from './retry-schedule';

describe('retryDelayMs', () => {
  describe('without DELIVERY_BACKOFF_MS (the default schedule)', () => {
    it('waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h with no jitter at the middle of the range', () => {
      const waits = [1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelayMs(attempt, {}, undefined, () => 0.5));
      expect(waits).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    });

    it('spans about 27 h over the default 8 attempts', () => {
      const total = DEFAULT_RETRY_SCHEDULE_MS.reduce((sum, wait) => sum + wait, 0);
      expect(total / 3_600_000).toBeCloseTo(27.6, 1);
    });

    it('keeps every wait within ±20% of the schedule, reaching both bounds', () => {
      DEFAULT_RETRY_SCHEDULE_MS.forEach((base, index) => {
        expect(retryDelayMs(index + 1, {}, undefined, () => 0)).toBe(Math.round(base * 0.8));
        expect(retryDelayMs(index + 1, {}, undefined, () => 0.999999)).toBeLessThanOrEqual(base * 1.2);
        expect(retryDelayMs(index + 1, {}, undefined, () => 0.999999)).toBeGreaterThan(base * 1.19);
        for (let sample = 0; sample < 200; sample++) {
          const wait = retryDelayMs(index + 1, {});
          expect(wait).toBeGreaterThanOrEqual(base * 0.8);
          expect(wait).toBeLessThanOrEqual(base * 1.2);
        }
      });
    });

    it('spreads waits (jitter), and repeats the last wait past the end of the schedule', () => {
      const samples = new Set(Array.from({ length: 50 }, () => retryDelayMs(1, {})));
      expect(samples.size).toBeGreaterThan(10);
      expect(retryDelayMs(12, {}, undefined, () => 0.5)).toBe(36_000_000);
    });
  });

  describe('with DELIVERY_BACKOFF_MS', () => {
    it('doubles from the backoff without jitter', () => {
      expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, { backoffMs: 20 }))).toEqual([
        20, 40, 80, 160,
      ]);
    });

    it('is capped at 10 h', () => {
      expect(retryDelayMs(30, { backoffMs: 1_000 })).toBe(MAX_EXPONENTIAL_WAIT_MS);
      expect(retryDelayMs(5_000, { backoffMs: 1_000 })).toBe(MAX_EXPONENTIAL_WAIT_MS);
    });
  });

  describe("a receiver's Retry-After", () => {
    it('replaces the computed wait, shorter or longer, in either mode', () => {
      expect(retryDelayMs(1, {}, 120)).toBe(120_000);
      expect(retryDelayMs(6, {}, 1)).toBe(1_000);
      expect(retryDelayMs(1, { backoffMs: 20 }, 3)).toBe(3_000);
      expect(retryDelayMs(1, { backoffMs: 20 }, 0)).toBe(0);
    });

    it('is capped at 24 h', () => {
      expect(retryDelayMs(1, {}, 7 * 86_400)).toBe(MAX_RETRY_AFTER_MS);
    });
  });
});
