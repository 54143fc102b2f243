/**
 * The parser pool with small caps on a flate-bombed PDF, in a file of its own: the process's peak RSS
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

  it('a PDF whose content stream inflates to a gigabyte is refused inside the worker, the pool lives on', async () => {
    // The worker's FlateDecode pre-scan (pdf-inflate.ts) refuses it before pdfjs holds any of it:
    // inflated bytes live outside the heap cap, and the RSS watchdog, sampling, is only a backstop.
    const err = await pool.convert(flateBombPdf(1024, 'text'), 'pdf').catch((e) => e);
    expect(err.code).toBe('input.too_large');
    expect(err.message).toMatch(
      /^pdf: a FlateDecode stream at byte \d+ inflates past 64 MB \(a flate bomb\)$/,
    );
    expect((await pool.convert(plainDocx(), 'docx')).content).toContain('一、总体情况');
    expect(peak).toBeLessThan(GB);
  }, 120_000);
});
