import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, retryDelay } from '../../../crawlers/http/backoff.ts';

const policy = { baseMs: 100, maxMs: 5_000 };

describe('backoff', () => {
  it('doubles per attempt, jitter within [0.5, 1.5) of the nominal delay', () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const nominal = 100 * 2 ** attempt;
      expect(backoffDelay(attempt, policy, () => 0)).toBe(nominal * 0.5);
      expect(backoffDelay(attempt, policy, () => 0.999)).toBeLessThanOrEqual(nominal * 1.5);
      expect(backoffDelay(attempt, policy, () => 0.5)).toBe(nominal);
    }
  });

  it('never exceeds the cap', () => {
    expect(backoffDelay(20, policy, () => 0.9)).toBe(5_000);
  });

  it('spreads retries of simultaneous failures', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3, policy)));
    expect(delays.size).toBeGreaterThan(10);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-11-22T02:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Sun, 22 Nov 2026 02:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 01:00:00 GMT', now)).toBe(0);
  });
  it('ignores garbage and absence', () => {
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
  });
  it('wins over backoff, capped', () => {
    expect(retryDelay(0, 2000, policy, () => 0)).toBe(2000);
    expect(retryDelay(0, 60_000, policy)).toBe(5_000);
    expect(retryDelay(1, null, policy, () => 0.5)).toBe(200);
  });
});
