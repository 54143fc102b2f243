/**
 * A scan read in a child process (`scan-child.mjs`): the whole of `ocrInputs` (rendering, decoding,
 * raster clean-up, crops, the engines it starts) under the OCR memory cap (`prlimit --data`, as
 * for PaddleOCR: node reserves ~22 GB of address space) and a deadline, so that the worker never
 * holds a scan's buffers and a runaway scan costs one killed process and an error naming the input.
 * The record it returns is the one `ocrInputs` gives in process (JSON: the record is plain data).
 *
 * Errors: the child's own (ocr.too_large, input.unsupported, ocr.engine_missing…) come back with
 * their class, code and message; a child that dies, goes over the cap or the deadline is an
 * `OcrInputError` `ocr.failed` / `ocr.timeout` naming the input, as an engine process's is.
 */
import { fileURLToPath } from 'node:url';
import { XxgkError } from '../../config/errors.ts';
import { DocumentError } from '../documents/errors.ts';
import { ExtractInputError } from '../errors.ts';
import type { ExtractHints } from '../hints.ts';
import type { ReportRecord } from '../record.ts';
import { OcrEngineError, OcrInputError } from './errors.ts';
import type { OcrOptions } from './index.ts';
import { DEFAULT_LIMITS, type OcrLimits, spawnCapped } from './proc.ts';

const CHILD = fileURLToPath(new URL('./scan-child.mjs', import.meta.url));

export interface ChildOcrOptions extends Omit<OcrOptions, 'limits'> {
  /** The caps of each engine process inside the child; `memoryMb` also caps the child itself. */
  limits?: OcrLimits;
  /** Wall-clock cap of the whole read, ms (each engine run inside has `limits.timeoutMs`). */
  deadlineMs: number;
  /**
   * Aborted when the read is abandoned (the pipeline job's time limit, a stall, a shutdown): the
   * child and the engines it started (its process group) are killed then, and its reason thrown.
   */
  signal?: AbortSignal;
  /** The child's process id once it runs (logs; tests watch it). */
  onSpawn?: (pid: number) => void;
}

/** What the child gives back: the record, and how many pages were OCR'd / taken from a text layer. */
export interface ChildOcrResult {
  record: ReportRecord;
  ocrPages: number;
  textPages: number;
}

interface Header {
  hints: ExtractHints;
  opts: OcrOptions;
  sizes: number[];
}

type Reply =
  | { ok: ChildOcrResult }
  | { error: { name: string; code?: string; message: string; retryable?: boolean } };

/** The scan's inputs read by `ocrInputs` in a child process under the memory cap and `deadlineMs`. */
export async function ocrInChild(
  inputs: Uint8Array[],
  hints: ExtractHints,
  opts: ChildOcrOptions,
): Promise<ChildOcrResult> {
  const { deadlineMs, signal, onSpawn, ...rest } = opts;
  signal?.throwIfAborted();
  const limits = rest.limits ?? DEFAULT_LIMITS;
  const what = hints.filename ?? hints.url ?? 'input';
  const run = await spawnCapped(
    process.execPath,
    [CHILD],
    { timeoutMs: deadlineMs, memoryMb: limits.memoryMb },
    {
      input: encodeScan(inputs, hints, { ...rest, limits }),
      rlimit: 'data',
      name: 'OCR',
      group: true,
      ...(signal ? { signal } : {}),
      ...(onSpawn ? { onSpawn } : {}),
    },
  );
  // Abandoned: the caller has its own error (the job's time limit); the child is gone by now.
  if (run.error?.code === 'ocr.aborted') throw signal?.reason ?? run.error;
  const text = run.out.toString('utf8');
  const line = text.slice(0, text.indexOf('\n') + 1 || undefined).trim();
  let reply: Reply | undefined;
  try {
    reply = line ? (JSON.parse(line) as Reply) : undefined;
  } catch {
    reply = undefined;
  }
  if (reply && 'ok' in reply) return reply.ok;
  if (reply && 'error' in reply) throw revive(reply.error);
  const e = run.error;
  const said = childSaid(run.stderr);
  if (e instanceof OcrInputError && e.code === 'ocr.timeout')
    throw new OcrInputError('ocr.timeout', `${what}: the OCR read gave up after ${deadlineMs} ms`, {
      cause: e,
    });
  if (e instanceof OcrEngineError) throw new OcrEngineError(e.code, `${what}: ${e.message}`, { cause: e });
  const why = e ? e.message.split(': ')[0] : 'OCR child exit 0 without a record';
  throw new OcrInputError('ocr.failed', `${what}: ${why}${said ? `: ${said}` : ''}`, { cause: e });
}

/** V8's or the allocator's line on why the child died (not the native stack V8 prints after it). */
function childSaid(stderr: string): string | undefined {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^\d+:/.test(l));
  return (
    lines.find((l) => /out of memory|OOM|bad_alloc|alloc/i.test(l)) ?? lines.find((l) => /fatal/i.test(l))
  )
    ?.replace(/^#\s*/, '')
    .slice(0, 200);
}

const KNOWN: Record<string, new (code: never, message: string) => XxgkError> = {
  OcrInputError,
  OcrEngineError,
  ExtractInputError,
  DocumentError,
};

/** The child's error as the caller would have had it in process: class, code, retry policy. */
function revive(e: { name: string; code?: string; message: string; retryable?: boolean }): Error {
  if (e.code === undefined) return Object.assign(new Error(e.message), { name: e.name });
  const Known = KNOWN[e.name];
  if (Known) return new Known(e.code as never, e.message);
  const err = new XxgkError(e.code, e.message, { retryable: e.retryable ?? false });
  err.name = e.name;
  return err;
}

/** stdin: header length (u32 LE), the header as JSON, then the inputs' bytes one after another. */
export function encodeScan(inputs: Uint8Array[], hints: ExtractHints, opts: OcrOptions): Buffer {
  const header: Header = { hints, opts, sizes: inputs.map((b) => b.byteLength) };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const buf = Buffer.alloc(4 + head.length + header.sizes.reduce((n, s) => n + s, 0));
  buf.writeUInt32LE(head.length, 0);
  head.copy(buf, 4);
  let at = 4 + head.length;
  for (const b of inputs) {
    buf.set(b, at);
    at += b.byteLength;
  }
  return buf;
}

export function decodeScan(buf: Buffer): { inputs: Uint8Array[]; hints: ExtractHints; opts: OcrOptions } {
  if (buf.length < 4) throw new OcrInputError('ocr.failed', 'OCR child: no input');
  const n = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + n).toString('utf8')) as Header;
  const inputs: Uint8Array[] = [];
  let at = 4 + n;
  for (const size of header.sizes) {
    if (at + size > buf.length) throw new OcrInputError('ocr.failed', 'OCR child: input cut short');
    inputs.push(new Uint8Array(buf.buffer, buf.byteOffset + at, size));
    at += size;
  }
  return { inputs, hints: header.hints, opts: header.opts };
}

/** The child's side: read the scan from `input`, write one JSON line (the result or the error). */
export async function serveScan(
  input: AsyncIterable<Buffer>,
  output: { write(line: string, done: () => void): unknown },
): Promise<void> {
  let reply: Reply;
  try {
    const chunks: Buffer[] = [];
    for await (const c of input) chunks.push(c);
    const { inputs, hints, opts } = decodeScan(Buffer.concat(chunks));
    chunks.length = 0;
    const { ocrInputs } = await import('./index.ts');
    const { record, ocrPages, textPages } = await ocrInputs(inputs, hints, opts);
    reply = { ok: { record, ocrPages, textPages } };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    reply = {
      error:
        e instanceof XxgkError
          ? { name: e.name, code: e.code, message: e.message, retryable: e.retryable }
          : { name: e.name, message: e.message },
    };
  }
  // Flushed before the child exits: a pipe's write may otherwise be cut off.
  await new Promise<void>((resolve) => output.write(`${JSON.stringify(reply)}\n`, resolve));
}
