/**
 * How many extraction threads a pipeline process starts when XXGK_EXTRACT_THREADS is unset
 * (pipeline/wiring.ts): the embedded default extracts on one thread beside its database's once
 * there is a second core (the crawl's main thread was its bottleneck), never more (its RSS budget).
 */
import { describe, expect, it } from 'vitest';
import { extractThreadsOf } from '../../../pipeline/wiring.ts';

const embedded = { extractThreads: undefined, databaseUrl: undefined, concurrencyExtract: 2 };
const postgres = { ...embedded, databaseUrl: 'postgres://127.0.0.1/test' };

describe('extraction threads by default', () => {
  it('embedded: one thread from two cores up, none on a single core', () => {
    expect(extractThreadsOf(embedded, 1)).toBe(0);
    expect(extractThreadsOf(embedded, 2)).toBe(1);
    expect(extractThreadsOf(embedded, 16)).toBe(1);
  });

  it('PostgreSQL: one fewer than the cores, at least 1, at most concurrencyExtract', () => {
    expect(extractThreadsOf(postgres, 1)).toBe(1);
    expect(extractThreadsOf(postgres, 2)).toBe(1);
    expect(extractThreadsOf(postgres, 16)).toBe(2);
    expect(extractThreadsOf({ ...postgres, concurrencyExtract: 6 }, 4)).toBe(3);
  });

  it('the setting wins on either database', () => {
    expect(extractThreadsOf({ ...embedded, extractThreads: 0 }, 8)).toBe(0);
    expect(extractThreadsOf({ ...postgres, extractThreads: 3 }, 2)).toBe(3);
  });
});
