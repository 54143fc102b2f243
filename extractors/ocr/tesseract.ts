/**
 * Tesseract (Debian `tesseract-ocr` + `tesseract-ocr-chi-sim`) run as a child process on a batch
 * of images: one process reads them all (a list file), so the language model is loaded once per
 * batch, not per cell. Words come back with their boxes and confidences (TSV). The process gets a
 * deadline and an address-space cap (`prlimit`), and one thread (OpenMP threads only contend on a
 * machine whose cores already run other jobs).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OcrEngineError, OcrProcessError } from './errors.ts';
import { type OcrLimits, runCapped } from './proc.ts';
import type { Gray } from './raster.ts';

export interface OcrWord {
  text: string;
  /** 0–100, Tesseract's word confidence. */
  conf: number;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Block/paragraph/line numbers: words of one text line share them. */
  line: string;
}

export interface BatchOptions {
  lang: 'chi_sim' | 'eng' | 'chi_sim+eng';
  /** Page segmentation: 3 = auto, 6 = one block, 7 = one line. */
  psm: 3 | 4 | 6 | 7 | 8 | 11;
  /** Characters the recogniser may output (others are never guessed). */
  whitelist?: string;
  dpi: number;
  /** Engine: 0 = legacy shape classifier, 1 = LSTM (default of the installed models). */
  oem?: 0 | 1;
}

/** Portable greymap: what Leptonica reads without any codec. */
export function pgm(img: Gray): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${img.width} ${img.height}\n255\n`), Buffer.from(img.data)]);
}

/**
 * What an image the engine crashed on reads as: no digit, no word, no confidence. Its cell is then
 * an unreadable value (null with `ocr.low_confidence` naming the reading), never a blank cell (a
 * value) and never a failed document.
 */
export const CRASH_READING = '\uFFFD';

/**
 * Words of each image, in input order. A batch the engine crashes on (its bug, `engineBug`) is
 * split in halves until the image it crashes on is alone; that image reads as `CRASH_READING`, the
 * others as usual (one crop used to fail the whole scan: `ocr.failed`).
 */
export async function recognise(images: Gray[], opts: BatchOptions, limits: OcrLimits): Promise<OcrWord[][]> {
  try {
    return await recogniseBatch(images, opts, limits);
  } catch (e) {
    if (!(e instanceof OcrProcessError && e.engineBug)) throw e;
    if (images.length === 1) {
      const { width: w, height: h } = images[0]!;
      return [[{ text: CRASH_READING, conf: 0, x: 0, y: 0, w, h, line: '1.1.1' }]];
    }
    const mid = images.length >> 1;
    const head = await recognise(images.slice(0, mid), opts, limits);
    return [...head, ...(await recognise(images.slice(mid), opts, limits))];
  }
}

async function recogniseBatch(images: Gray[], opts: BatchOptions, limits: OcrLimits): Promise<OcrWord[][]> {
  if (images.length === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), 'xxgk-ocr-'));
  try {
    const paths = images.map((_, i) => join(dir, `${i}.pgm`));
    await Promise.all(images.map((img, i) => writeFile(paths[i]!, pgm(img))));
    await writeFile(join(dir, 'list.txt'), `${paths.join('\n')}\n`);
    const args = [
      join(dir, 'list.txt'),
      'stdout',
      '-l',
      opts.lang,
      '--psm',
      String(opts.psm),
      '--dpi',
      String(opts.dpi),
    ];
    if (opts.oem !== undefined) args.push('--oem', String(opts.oem));
    if (opts.whitelist) args.push('-c', `tessedit_char_whitelist=${opts.whitelist}`);
    // Cells and lines are short: no dictionary words to prefer over what the pixels say.
    args.push('-c', 'load_system_dawg=0', '-c', 'load_freq_dawg=0', 'tsv');
    const tsv = (await runCapped('tesseract', args, limits)).toString('utf8');
    return parseTsv(tsv, images.length);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function parseTsv(tsv: string, pages: number): OcrWord[][] {
  const out: OcrWord[][] = Array.from({ length: pages }, () => []);
  for (const line of tsv.split('\n')) {
    const f = line.split('\t');
    if (f[0] !== '5' || f.length < 12) continue;
    const text = f.slice(11).join('\t').trim();
    if (text === '') continue;
    const page = Number(f[1]) - 1;
    out[page]?.push({
      text,
      conf: Number(f[10]),
      x: Number(f[6]),
      y: Number(f[7]),
      w: Number(f[8]),
      h: Number(f[9]),
      line: `${f[2]}.${f[3]}.${f[4]}`,
    });
  }
  return out;
}

let checked: Promise<void> | undefined;

/** Fails with a clear message when the engine or its Chinese model is missing. */
export function checkTesseract(): Promise<void> {
  checked ??= runCapped('tesseract', ['--list-langs'], { timeoutMs: 20_000, memoryMb: 512 }).then(
    (out) => {
      if (!/^chi_sim$/m.test(out.toString())) {
        throw new OcrEngineError(
          'ocr.engine_missing',
          'tesseract has no chi_sim model (apt-get install tesseract-ocr-chi-sim)',
        );
      }
    },
    (err) => {
      checked = undefined;
      throw err;
    },
  );
  return checked;
}
