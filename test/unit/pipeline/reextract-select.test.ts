import { describe, expect, it } from 'vitest';
import { formatProgress } from '../../../pipeline/cli/progress.ts';
import { compareVersions } from '../../../pipeline/reextract.ts';
import { sumProgress } from '../../../pipeline/runs.ts';

describe('compareVersions (reextract --older-than)', () => {
  it('orders dotted versions numerically, not as text', () => {
    expect(compareVersions('1.9.2', '1.10.0')).toBe(-1);
    expect(compareVersions('1.10.0', '1.9.2')).toBe(1);
    expect(compareVersions('1.0', '1.0.0')).toBe(0);
    expect(compareVersions('2.0.0', '2.0.0')).toBe(0);
    expect(compareVersions('1.0.0-beta', '1.0.0-alpha')).toBe(1);
  });
});

describe('crawl progress', () => {
  it('sums run counters (strings from PostgreSQL included) and prints one line', () => {
    const total = sumProgress([
      { discovered: 3, fetched: 2, extracted: 2, loaded: 1, failed: 0 },
      { discovered: '4', fetched: '4', extracted: '3', loaded: '3', failed: '1' } as never,
    ]);
    expect(total).toEqual({ discovered: 7, fetched: 6, extracted: 5, loaded: 4, failed: 1 });
    expect(formatProgress(total)).toBe('discovered 7 · fetched 6 · extracted 5 · loaded 4 · failed 1');
  });
});
