/**
 * Run an external engine (tesseract, pdftoppm) as a child process with a deadline and an
 * address-space cap (util-linux `prlimit`, present on every Debian): a runaway page costs one
 * killed process and an error naming it, never the worker.
 */
import { spawn } from 'node:child_process';
import { OcrEngineError, OcrInputError } from './errors.ts';

export interface OcrLimits {
  /** Wall-clock cap of one engine process. */
  timeoutMs: number;
  /** Address-space cap of one engine process (MB). */
  memoryMb: number;
}

export const DEFAULT_LIMITS: OcrLimits = { timeoutMs: 120_000, memoryMb: 1_024 };

const INSTALL: Record<string, string> = {
  tesseract: 'apt-get install tesseract-ocr tesseract-ocr-chi-sim',
  pdftoppm: 'apt-get install poppler-utils',
};

export function runCapped(
  cmd: string,
  args: string[],
  limits: OcrLimits,
  input?: Uint8Array,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const cap = String(Math.round(limits.memoryMb * 1024 * 1024));
    const child = spawn('prlimit', [`--as=${cap}`, '--', cmd, ...args], {
      // One thread per engine: the stage's concurrency decides how many cores OCR takes.
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limits.timeoutMs);
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => {
      if (err.length < 4000) err += d.toString();
    });
    if (input && child.stdin) {
      // A child that dies early closes its stdin: that error is reported by 'close', not here.
      child.stdin.on('error', () => undefined);
      child.stdin.end(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
    }
    const missing = () =>
      new OcrEngineError(
        'ocr.engine_missing',
        `${cmd} is not installed (${INSTALL[cmd] ?? `install ${cmd}`})`,
      );
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        e.code === 'ENOENT'
          ? missing()
          : new OcrEngineError('ocr.engine', `${cmd}: ${e.message}`, { cause: e }),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new OcrInputError('ocr.timeout', `${cmd} gave up after ${limits.timeoutMs} ms`));
      else if (code === 0) resolve(Buffer.concat(out));
      // prlimit exits 127 (or says so) when the command is not found.
      else if (code === 127 || /failed to execute|No such file or directory/.test(err)) reject(missing());
      else {
        const why = signal ? `killed by ${signal}` : `exit ${code}`;
        const mem =
          /alloc|memory/i.test(err) || signal ? ` (over the ${limits.memoryMb} MB memory cap?)` : '';
        reject(new OcrInputError('ocr.failed', `${cmd} ${why}${mem}: ${err.trim().slice(-300)}`));
      }
    });
  });
}
