/**
 * Tesseract 5 (Debian bookworm) dies of SIGFPE on some ordinary crops: this one is a binarised
 * "5" with a few specks, cut from a damaged 150 dpi scan (test/fixtures/ocr/tesseract-sigfpe.pgm).
 * One such crop in a batch used to fail the whole scan (`ocr.failed`). Now the batch is split until
 * that crop is alone: it reads as CRASH_READING (an unreadable value, never blank) and every other
 * crop of the batch, wherever it stands, reads as it does without it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OcrProcessError } from '../../../extractors/ocr/errors.ts';
import { DEFAULT_LIMITS, runCapped } from '../../../extractors/ocr/proc.ts';
import type { Gray } from '../../../extractors/ocr/raster.ts';
import { CRASH_READING, pgm, recognise } from '../../../extractors/ocr/tesseract.ts';
import { mulberry32 } from '../../support/prng.ts';
import { drawCell } from '../../support/scans/cell.ts';

const FIXTURE = new URL('../../fixtures/ocr/tesseract-sigfpe.pgm', import.meta.url);

/** The fixture's P5 greymap as the engine's input. */
function readPgm(bytes: Buffer): Gray {
  const head = bytes.subarray(0, 64).toString('latin1');
  const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(head)!;
  const width = Number(m[1]);
  const height = Number(m[2]);
  return { width, height, data: new Uint8Array(bytes.subarray(m[0].length, m[0].length + width * height)) };
}

const digits = (text: string): Gray => drawCell(text, { width: 220, height: 80, px: 40, x: 20, y: 40 });

const eng = { lang: 'eng' as const, psm: 7 as const, dpi: 300, whitelist: '0123456789.,+-/' };
const text = (words: Array<{ text: string }>) => words.map((w) => w.text).join('');

// A guard against a hang, not a speed check: four batches, each bisected down to the crashing
// crop, are some 20 Tesseract runs; at load 31 on two cores that took over a minute.
const OCR_TEST_TIMEOUT = 300_000;

describe('an image the engine crashes on', () => {
  const crash = readPgm(readFileSync(FIXTURE));

  it(
    'crashes the engine when read alone (the bug this guards against is still there)',
    async () => {
      const dir = `${process.env.TMPDIR ?? '/tmp'}`;
      const path = `${dir}/xxgk-sigfpe-${process.pid}.pgm`;
      const { writeFileSync, rmSync } = await import('node:fs');
      writeFileSync(path, pgm(crash));
      try {
        const args = [
          path,
          'stdout',
          '-l',
          'eng',
          '--psm',
          '7',
          '-c',
          `tessedit_char_whitelist=${eng.whitelist}`,
        ];
        const err = await runCapped('tesseract', args, DEFAULT_LIMITS).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(OcrProcessError);
        expect((err as OcrProcessError).engineBug).toBe(true);
        expect((err as OcrProcessError).message).not.toMatch(/memory/);
      } finally {
        rmSync(path, { force: true });
      }
    },
    OCR_TEST_TIMEOUT,
  );

  it(
    'reads as CRASH_READING at any place in a batch; the other crops read as without it',
    async () => {
      const rng = mulberry32(7);
      const others = Array.from({ length: 7 }, () => String(rng.int(1, 99_999)));
      const alone = (await recognise(others.map(digits), eng, DEFAULT_LIMITS)).map(text);
      for (const at of [0, 3, 7]) {
        const batch = others.map(digits);
        batch.splice(at, 0, crash);
        const read = (await recognise(batch, eng, DEFAULT_LIMITS)).map(text);
        expect(read[at]).toBe(CRASH_READING);
        read.splice(at, 1);
        expect(read).toEqual(alone);
      }
      // the drawn numbers are read at all (else the comparison above says little)
      expect(alone.filter((t, i) => t === others[i]).length).toBeGreaterThanOrEqual(6);
    },
    OCR_TEST_TIMEOUT,
  );
});
