/**
 * A lone full-width digit ("０", "９") in a value cell: eng reads nothing on it (its glyph is
 * twice the width of the digits eng knows), so read.ts re-reads the tidy crop squeezed
 * (`squeezeX`). Drawn across digits, print sizes, weights and positions (seeded): the squeezed
 * reading is the digit or nothing, never another digit; ０ is read.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../extractors/ocr/proc.ts';
import { type Gray, tidyCrop } from '../../../extractors/ocr/raster.ts';
import { squeezeX } from '../../../extractors/ocr/read.ts';
import { recognise } from '../../../extractors/ocr/tesseract.ts';
import { mulberry32 } from '../../support/prng.ts';
import { drawCell } from '../../support/scans/cell.ts';

const WEIGHTS = ['regular', 'light', 'bold'] as const;

const cell = (text: string, px: number, dx: number, dy: number, weight: (typeof WEIGHTS)[number]): Gray =>
  drawCell(text, { width: 170, height: 90, px, x: 20 + dx, y: 45 + dy, weight });

const eng = { lang: 'eng' as const, psm: 7 as const, dpi: 300, whitelist: '0123456789.,+-/' };

describe('a lone full-width digit, squeezed', () => {
  it('eng reads the digit or nothing, never another digit; ０ always', async () => {
    const rng = mulberry32(11);
    const cases = Array.from({ length: 80 }, (_, i) => ({
      // every digit six times, ０ twenty-six times (the one eng misses)
      digit: i < 60 ? i % 10 : 0,
      // 9 pt at 300 dpi is ~37 px; reports print 8–12 pt
      px: rng.int(30, 46),
      dx: rng.int(0, 30),
      dy: rng.int(-6, 6),
      weight: rng.pick(WEIGHTS),
    }));
    const crops = cases.map((c) =>
      squeezeX(
        tidyCrop(cell(String.fromCharCode(0xff10 + c.digit), c.px, c.dx, c.dy, c.weight), 40, true),
        0.7,
      ),
    );
    const plain = await recognise(
      cases.map((c) =>
        tidyCrop(cell(String.fromCharCode(0xff10 + c.digit), c.px, c.dx, c.dy, c.weight), 40, true),
      ),
      eng,
      DEFAULT_LIMITS,
    );
    const read = await recognise(crops, eng, DEFAULT_LIMITS);
    const got = read.map((ws) => ws.map((x) => x.text).join(''));
    cases.forEach((c, i) => {
      expect(['', String(c.digit)], `${JSON.stringify(c)} read ${got[i]}`).toContain(got[i]);
      if (c.digit === 0) expect(got[i], JSON.stringify(c)).toBe('0');
    });
    // The squeeze is what reads ０ (eng, unsqueezed, reads nothing on many of them), and it reads
    // the others as well as the plain crop does.
    const zeros = cases.flatMap((c, i) => (c.digit === 0 ? [i] : []));
    const plainZeros = zeros.filter((i) => plain[i]!.map((x) => x.text).join('') === '0');
    expect(plainZeros.length).toBeLessThan(zeros.length * 0.75);
    const right = got.filter((g, i) => g === String(cases[i]!.digit));
    expect(right.length).toBeGreaterThanOrEqual(cases.length * 0.85);
  }, 120_000);
});
