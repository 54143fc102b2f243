/**
 * The parser pool's own caps on a flate-bombed PDF, in a file of its own: the process's peak RSS
 * (< 1 GB) is measured without the default pool of hostile.test.ts (its workers keep hundreds of MB).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createDocumentPool } from '../../../extractors/documents/pool.ts';
import { flateBombPdf, plainDocx } from '../../support/hostile/documents.ts';

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 10);
afterAll(() => clearInterval(sampler));

const GB = 1024 ** 3;

describe('the caps themselves (a pool with small caps)', () => {
  const pool = createDocumentPool({ size: 2, timeoutMs: 8_000, maxHeapMb: 128, maxRssMb: 192, watchMs: 5 });
  afterAll(() => pool.close());

  it('a PDF whose content stream inflates to a gigabyte ends at the heap or time cap, the pool lives on', async () => {
    const err = await pool.convert(flateBombPdf(1024, 'text'), 'pdf').catch((e) => e);
    expect(['input.too_large', 'input.timeout']).toContain(err.code);
    expect(err.message).toMatch(/^pdf: parsing (ran out of memory|took longer than the 8000 ms cap)/);
    expect((await pool.convert(plainDocx(), 'docx')).content).toContain('一、总体情况');
    expect(peak).toBeLessThan(GB);
  }, 120_000);
});
