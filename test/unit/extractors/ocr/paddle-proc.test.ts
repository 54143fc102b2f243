/**
 * PaddleOCR's child process (paddle.ts `paddleRead`, paddle-child.mjs), with real processes and
 * the real engine: its readings are the engine's in this process, and a child killed mid-batch,
 * over the memory cap or past the deadline costs readings that say why, never the caller.
 */
import { describe, expect, it } from 'vitest';
import { type PaddleReading, paddleRead, readCropsHere } from '../../../../extractors/ocr/paddle.ts';
import { paddleVote } from '../../../../extractors/ocr/paddle-vote.ts';
import { DEFAULT_LIMITS } from '../../../../extractors/ocr/proc.ts';
import type { Gray } from '../../../../extractors/ocr/raster.ts';
import { LOW_MARK } from '../../../../extractors/ocr/read.ts';
import { drawCell, undecidedCell } from '../../../support/scans/cell.ts';

/** A value cell as read.ts hands it over: grey, white paper; sizes, tilts and specks vary. */
function cellImage(text: string, px: number, tilt: number, specks: number): Gray {
  const width = Math.round(px * (text.length * 0.7 + 2));
  const height = Math.round(px * 1.9);
  const img = drawCell(text, {
    width,
    height,
    px,
    x: width / 2,
    y: height / 2,
    tilt,
    align: 'center',
    paper: '#f4f4f4',
    ink: '#111',
  });
  for (let i = 0; i < specks; i++) img.data[(i * 7919) % img.data.length] = 40;
  return img;
}

const TEXTS = ['7', '38', '1206', '8637.03', '40', '-21', '0', '15', '增3', '１２'];
const crops = TEXTS.flatMap((t, i) => [
  cellImage(t, 30 + (i % 4) * 6, 0, 0),
  cellImage(t, 22, (i % 3) * 0.02 - 0.02, 25),
]);
const blank: Gray = { width: 90, height: 40, data: new Uint8Array(90 * 40).fill(255) };
crops.push(blank);

const low = undecidedCell;

describe('PaddleOCR in a child process', () => {
  let here: PaddleReading[];

  it("reads exactly what the engine reads in the caller's process", async () => {
    here = await readCropsHere(crops);
    const child = await paddleRead(crops, DEFAULT_LIMITS);
    expect(JSON.stringify(child)).toBe(JSON.stringify(here));
    // Not a vacuous comparison: the crops give numbers, and the blank one nothing.
    expect(here.filter((r) => /\d/.test(r.text)).length).toBeGreaterThan(TEXTS.length);
    expect(here.at(-1)).toEqual({ text: '', conf: 0 });
  });

  it('a child killed mid-batch keeps the readings it gave; the rest say why, and the caller goes on', async () => {
    here ??= await readCropsHere(crops);
    // Long enough that the child is still reading when its first reading arrives.
    const many = Array.from({ length: 20 }, () => crops).flat();
    let killed = 0;
    const got = await paddleRead(many, DEFAULT_LIMITS, (read, pid) => {
      if (killed === 0 && read >= 1) {
        killed = read;
        process.kill(pid, 'SIGKILL');
      }
    });
    expect(got).toHaveLength(many.length);
    const gave = got.findIndex((r) => r.missing !== undefined);
    expect(gave).toBeGreaterThanOrEqual(killed);
    expect(gave).toBeLessThan(many.length);
    got.slice(0, gave).forEach((r, i) => {
      expect(r).toEqual(here[i % crops.length]);
    });
    for (const r of got.slice(gave))
      expect(r).toEqual({ text: '', conf: 0, missing: 'PaddleOCR killed by SIGKILL' });
    // The cell keeps Tesseract's verdict, its finding saying why PaddleOCR had no vote.
    const c = low();
    paddleVote(
      c,
      [
        { text: '5', conf: 90 },
        { text: '5', conf: 90 },
        { text: '5', conf: 90 },
      ],
      got.at(-1)!,
    );
    expect(c).toMatchObject({ status: 'low', text: LOW_MARK });
    expect(c.why).toBe('readings disagree; no PaddleOCR reading (PaddleOCR killed by SIGKILL)');
    // The caller's next batch is read by a new child.
    expect(await paddleRead(crops.slice(0, 4), DEFAULT_LIMITS)).toEqual(here.slice(0, 4));
  });

  it('a child over the memory cap gives every crop a reading that names the cap', async () => {
    // The model alone needs more than this (ONNX Runtime's bad_alloc, or V8's heap first).
    const got = await paddleRead(crops.slice(0, 3), { ...DEFAULT_LIMITS, memoryMb: 120 });
    expect(got).toHaveLength(3);
    for (const r of got) {
      expect(r.text).toBe('');
      expect(r.missing).toMatch(/^PaddleOCR (exit \d+|killed by SIG[A-Z]+) \(over the 120 MB memory cap\?\)/);
    }
    const c = low();
    paddleVote(c, [{ text: '5', conf: 90 }], got[0]!);
    expect(c.why).toContain('no PaddleOCR reading (PaddleOCR');
    expect(c.why).toContain('over the 120 MB memory cap?');
  });

  it('a child past the deadline is killed, its crops saying so', async () => {
    const got = await paddleRead(crops.slice(0, 2), { ...DEFAULT_LIMITS, timeoutMs: 1 });
    expect(got).toEqual([
      { text: '', conf: 0, missing: 'PaddleOCR gave up after 1 ms' },
      { text: '', conf: 0, missing: 'PaddleOCR gave up after 1 ms' },
    ]);
  });
});
