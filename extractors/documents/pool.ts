/**
 * Document parsers (mammoth, pdfjs, word-extractor) run in a small pool of warm worker threads, so
 * one hostile file cannot take the process down: each worker has a V8 heap cap (a zip bomb or a
 * 200 MB document.xml ends in that worker's out-of-memory, not the process's), each conversion a
 * time cap (the worker is terminated, which also stops a parser stuck in a synchronous loop), and a
 * watchdog caps how much the process's RSS may grow while a file converts (buffers outside the V8
 * heap are not capped by the heap limit). Growth, not the RSS itself: a process may hold most of a
 * gigabyte before any file starts (an embedded PGlite, on its own thread, does), and what it holds
 * or adds meanwhile is not the file's. A worker that dies is replaced; the next document gets a fresh one.
 *
 * When the cap is crossed with several conversions running, no one knows which file is to
 * blame: all of them are stopped and each is tried again alone, so only the culprit fails.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DocumentError, type DocumentErrorCode } from './errors.ts';

export type DocumentKind = 'docx' | 'pdf' | 'doc';
export type DocumentContent = { kind: 'html' | 'text'; content: string };

export interface DocumentPoolOptions {
  /** Worker threads (default: 2, or 1 on a single core). */
  size?: number;
  /** Wall-clock cap per conversion. */
  timeoutMs?: number;
  /** V8 old-generation cap per worker. */
  maxHeapMb?: number;
  /** How much the process's RSS may grow while a file converts (a function is asked at each sample). */
  maxRssMb?: number | (() => number);
  /** RSS sampling period of the watchdog. */
  watchMs?: number;
}

export const DOCUMENT_LIMITS = { timeoutMs: 30_000, maxHeapMb: 320, maxRssMb: 900 } as const;

interface Job {
  id: number;
  bytes: Uint8Array;
  kind: DocumentKind;
  /** Run with no other conversion beside it (after a shared RSS breach). */
  solo: boolean;
  /** The process's RSS when the file was handed to its worker. */
  rssAtStart: number;
  resolve(c: DocumentContent): void;
  reject(e: unknown): void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  /** Why this slot's worker is being stopped (set before terminate). */
  stopping: 'startup' | 'timeout' | 'memory' | 'breach' | 'close' | null;
}

const WORKER_URL = new URL('./worker.mjs', import.meta.url);
/** How long a fresh worker may take to load the parsers. */
const STARTUP_MS = 180_000;
const CODES: ReadonlySet<string> = new Set<DocumentErrorCode>([
  'input.unsupported',
  'input.image_only',
  'input.too_large',
  'input.timeout',
  'document.corrupt',
]);

export interface DocumentPool {
  convert(bytes: Uint8Array, kind: DocumentKind): Promise<DocumentContent>;
  close(): Promise<void>;
}

export function createDocumentPool(opts: DocumentPoolOptions = {}): DocumentPool {
  const size = Math.max(1, opts.size ?? Math.min(2, availableParallelism()));
  const timeoutMs = opts.timeoutMs ?? DOCUMENT_LIMITS.timeoutMs;
  const maxHeapMb = opts.maxHeapMb ?? DOCUMENT_LIMITS.maxHeapMb;
  const ceiling = opts.maxRssMb ?? DOCUMENT_LIMITS.maxRssMb;
  const maxRssBytes = () => (typeof ceiling === 'function' ? ceiling() : ceiling) * 1024 * 1024;
  const watchMs = opts.watchMs ?? 25;
  const slots: Array<Slot | null> = Array(size).fill(null);
  const queue: Job[] = [];
  let nextId = 1;
  let watchdog: NodeJS.Timeout | null = null;
  let closed = false;

  const fail = (code: DocumentErrorCode, kind: string, message: string) =>
    new DocumentError(code, `${kind}: ${message}`);

  function spawn(index: number): Slot {
    const worker = new Worker(WORKER_URL, {
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 8 },
      stdout: true,
      stderr: true,
    });
    worker.unref();
    const slot: Slot = { worker, ready: Promise.resolve(), job: null, timer: null, stopping: null };
    slot.ready = new Promise<void>((resolve) => {
      worker.once('message', () => resolve());
      worker.once('exit', () => resolve());
    });
    worker.on(
      'message',
      (m: { id?: number; content?: DocumentContent; error?: { code: string; message: string } }) => {
        const job = slot.job;
        if (!job || m.id !== job.id) return;
        finish(slot);
        if (m.content) job.resolve(m.content);
        else {
          const code = (
            CODES.has(m.error?.code ?? '') ? m.error!.code : 'document.corrupt'
          ) as DocumentErrorCode;
          job.reject(new DocumentError(code, m.error?.message ?? 'unknown parser error'));
        }
        pump();
      },
    );
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') slot.stopping ??= 'memory';
    });
    worker.on('exit', () => {
      const job = slot.job;
      const why = slot.stopping;
      finish(slot);
      if (slots[index] === slot) slots[index] = null;
      if (job) {
        if (why === 'breach') {
          job.solo = true;
          queue.unshift(job);
        } else if (why === 'timeout') {
          job.reject(fail('input.timeout', job.kind, `parsing took longer than the ${timeoutMs} ms cap`));
        } else if (why === 'startup') {
          job.reject(
            fail('document.corrupt', job.kind, `the parser worker did not start within ${STARTUP_MS} ms`),
          );
        } else if (why === 'close') {
          job.reject(fail('document.corrupt', job.kind, 'the parser pool was closed'));
        } else {
          job.reject(
            fail(
              'input.too_large',
              job.kind,
              why === 'memory'
                ? `parsing ran out of memory (cap ${maxHeapMb} MB of heap)`
                : 'the parser died on this file',
            ),
          );
        }
      }
      if (!closed) pump();
    });
    return slot;
  }

  function finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    slot.worker.unref();
    if (!slots.some((s) => s?.job)) stopWatching();
  }

  function busy(): Slot[] {
    return slots.filter((s): s is Slot => s?.job != null);
  }

  function watch(): void {
    watchdog ??= setInterval(() => {
      const rss = process.memoryUsage.rss();
      // Files during which the process grew past the cap (memory of workers just stopped is given
      // back lazily: a file retried alone starts from what it found).
      const running = busy().filter((s) => s.job!.rssAtStart > 0 && rss - s.job!.rssAtStart > maxRssBytes());
      if (running.length === 0) return;
      // Alone, the running file is the culprit; together, each is retried alone.
      const why = running.length === 1 || running.some((s) => s.job!.solo) ? 'memory' : 'breach';
      for (const s of running) stop(s, why);
    }, watchMs);
  }

  function stopWatching(): void {
    if (watchdog) clearInterval(watchdog);
    watchdog = null;
  }

  function stop(slot: Slot, why: NonNullable<Slot['stopping']>): void {
    slot.stopping ??= why;
    void slot.worker.terminate();
  }

  function pump(): void {
    if (closed) return;
    while (queue.length > 0) {
      const job = queue[0]!;
      const running = busy();
      if (running.some((s) => s.job!.solo)) return;
      if (job.solo && running.length > 0) return;
      const index = slots.findIndex((s) => s === null || s.job === null);
      if (index < 0) return;
      queue.shift();
      let slot = slots[index];
      if (!slot) {
        slot = spawn(index);
        slots[index] = slot;
      }
      start(slot, job);
    }
  }

  function start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.worker.ref();
    watch();
    // A fresh worker loads the parsers first (seconds on a busy machine): that is not the file's
    // time, so the file's cap starts when it is handed over; start-up has a cap of its own.
    slot.timer = setTimeout(() => stop(slot, 'startup'), STARTUP_MS);
    const copy = new Uint8Array(job.bytes);
    void slot.ready.then(() => {
      if (slot.job !== job) return;
      if (slot.timer) clearTimeout(slot.timer);
      job.rssAtStart = process.memoryUsage.rss();
      slot.timer = setTimeout(() => stop(slot, 'timeout'), timeoutMs);
      slot.worker.postMessage({ id: job.id, bytes: copy, kind: job.kind, timeoutMs }, [copy.buffer]);
    });
  }

  return {
    convert(bytes, kind) {
      if (closed) return Promise.reject(fail('document.corrupt', kind, 'the parser pool was closed'));
      return new Promise<DocumentContent>((resolve, reject) => {
        queue.push({ id: nextId++, bytes, kind, solo: false, rssAtStart: 0, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      stopWatching();
      for (const job of queue.splice(0))
        job.reject(fail('document.corrupt', job.kind, 'the parser pool was closed'));
      await Promise.all(
        slots.map((s) => {
          if (!s) return undefined;
          s.stopping ??= 'close';
          return s.worker.terminate();
        }),
      );
    },
  };
}

let shared: DocumentPool | undefined;

/** The process's pool, created on first use (idle workers do not keep the process alive). */
export function documentPool(): DocumentPool {
  shared ??= createDocumentPool();
  return shared;
}
