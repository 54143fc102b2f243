/**
 * The extractor on threads of its own (extract-thread.mjs), beside the thread that fetches, stores
 * and loads. In a crawl, extraction was half of the main thread's CPU (and most of its garbage):
 * on a machine with two cores it left the second one idle while fetching and bookkeeping waited
 * behind it. Pages and text files go here; documents (.docx, .pdf, .doc) and pictures stay with
 * `extractBytes` in the calling thread, whose converters already run in their own pool
 * (extractors/documents/pool.ts) and whose scans go to OCR.
 *
 * Hand-written like that pool rather than a pool library: both are small, their failure rules are
 * the project's own (which job a dead thread fails, which codes), and the shared node_modules stays
 * as it is. Each thread holds at most `perThread` jobs, so it never waits for the main thread to
 * hand it the next page; a thread runs them in order, so the oldest is the one running.
 *   - a thread that dies fails only the job it was running (out of memory: `input.too_large`;
 *     otherwise a passing `extract.thread_died`); the ones queued behind it go to another thread;
 *   - a job running longer than `timeoutMs` ends its thread (`input.timeout`): an extraction stuck
 *     in a loop cannot hold the thread for ever;
 *   - threads start with the first page (a process that never extracts, a discover-only worker,
 *     starts none) and an idle pool does not keep the process alive.
 */
import { Worker } from 'node:worker_threads';
import { entryBundle } from '../config/entry-bundle.ts';
import { NonRetryableError, RetryableError } from '../config/errors.ts';
import { dropLoadInputs, giveLoadInputs, type LoadInputs } from '../db/load-inputs.ts';
import { type ExtractInputCode, ExtractInputError } from '../extractors/errors.ts';
import type { ExtractHints } from '../extractors/hints.ts';
import type { ReportRecord } from '../extractors/record.ts';
import type { ExtractUse } from './ports.ts';

/** A thread ended under a job for no reason of the job's (it may work on another try). */
export class ExtractThreadError extends RetryableError {}

/** A record extracted for the loader alone (ExtractUse.loadOnly) had its cells read: a caller's bug. */
export class CellsNotSentError extends NonRetryableError {}

export interface ExtractPoolOptions {
  /** Threads (at least 1). */
  size: number;
  /** Jobs handed to one thread at once (default 2). */
  perThread?: number;
  /** Cap of one extraction, ms (default 120 s): past it the thread is ended and the job fails. */
  timeoutMs?: number;
  /** V8 old-generation cap per thread, MB (default 512). */
  maxHeapMb?: number;
  /**
   * V8 young-generation size per thread, MB (default 16): on the embedded default, whose peak RSS
   * has a 500 MB budget, the thread's young generation is mostly garbage between scavenges. A cap
   * of 12 against none, same run under load, 3 pairs: 439–469 against 464–476 MB, CPU per page
   * within noise; 16 is taken with the main thread's semi-space cap (bin/xxgk.mjs), measured together.
   */
  maxYoungMb?: number;
  /**
   * Threads load the extractor as one prebuilt module (config/entry-bundle.ts; default true):
   * a thread starts in about a third of the CPU and ~35 MB less than through tsx. False, or a
   * bundle that cannot be built, loads through tsx.
   */
  bundle?: boolean;
}

export interface ExtractPool {
  extract(bytes: Uint8Array, hints: ExtractHints, use?: ExtractUse): Promise<ReportRecord>;
  close(): Promise<void>;
}

interface Job {
  id: number;
  bytes: Uint8Array;
  hints: ExtractHints;
  loadOnly: boolean;
  resolve(r: ReportRecord): void;
  reject(e: unknown): void;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  /** Handed to the thread, oldest (running) first. */
  jobs: Job[];
  timer: NodeJS.Timeout | null;
  stopping: 'timeout' | 'close' | null;
  outOfMemory: boolean;
}

const WORKER_URL = new URL('./extract-thread.mjs', import.meta.url);
const ENTRY_URL = new URL('./extract-entry.ts', import.meta.url);
const INPUT_CODES: ReadonlySet<string> = new Set<ExtractInputCode>([
  'input.unsupported',
  'input.undecodable',
  'input.empty',
  'input.image_only',
  'input.too_large',
  'input.timeout',
]);

export function createExtractPool(opts: ExtractPoolOptions): ExtractPool {
  const size = Math.max(1, opts.size);
  const perThread = Math.max(1, opts.perThread ?? 2);
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const maxHeapMb = opts.maxHeapMb ?? 512;
  const maxYoungMb = opts.maxYoungMb ?? 16;
  let bundle: Promise<string | null> | null = null;
  const bundleUrl = () => {
    bundle ??= opts.bundle === false ? Promise.resolve(null) : entryBundle(ENTRY_URL);
    return bundle;
  };
  const threads: Array<Thread | null> = Array(size).fill(null);
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;

  const nameOf = (hints: ExtractHints) => hints.filename ?? hints.url ?? 'input';

  function spawn(index: number): Thread {
    const worker = new Worker(WORKER_URL, {
      resourceLimits: {
        maxOldGenerationSizeMb: maxHeapMb,
        maxYoungGenerationSizeMb: maxYoungMb,
        stackSizeMb: 8,
      },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    // The thread loads the extractor when told where from (it waits for this message first).
    void bundleUrl().then((url) => worker.postMessage({ init: true, bundle: url }));
    const t: Thread = { worker, ready: false, jobs: [], timer: null, stopping: null, outOfMemory: false };
    worker.on('message', (m: Reply) => {
      if (m.ready) {
        t.ready = true;
        for (const job of t.jobs) post(t, job);
        arm(t);
        return;
      }
      const job = t.jobs[0];
      if (!job || job.id !== m.id) return;
      t.jobs.shift();
      arm(t);
      if (m.error) job.reject(rebuild(m.error));
      else job.resolve(recordOf(m, nameOf(job.hints)));
      pump();
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') t.outOfMemory = true;
    });
    worker.on('exit', () => {
      if (t.timer) clearTimeout(t.timer);
      if (threads[index] === t) threads[index] = null;
      const [running, ...waiting] = t.jobs;
      t.jobs = [];
      if (running) running.reject(deathError(t, running));
      // Not theirs to fail: they go first to the next thread.
      queue.unshift(...waiting);
      pump();
    });
    return t;
  }

  function deathError(t: Thread, job: Job): Error {
    const name = nameOf(job.hints);
    if (t.stopping === 'close')
      return new ExtractThreadError('extract.closed', `${name}: the extraction pool was closed`);
    if (t.stopping === 'timeout')
      return new ExtractInputError(
        'input.timeout',
        `${name}: extraction took longer than the ${timeoutMs} ms cap`,
      );
    if (t.outOfMemory)
      return new ExtractInputError(
        'input.too_large',
        `${name}: extraction ran out of memory (cap ${maxHeapMb} MB of heap)`,
      );
    return new ExtractThreadError('extract.thread_died', `${name}: the extraction thread died`);
  }

  /** The running job's time cap (started once the thread is up: start-up is not the page's time). */
  function arm(t: Thread): void {
    if (t.timer) clearTimeout(t.timer);
    t.timer = null;
    if (t.jobs.length === 0) {
      t.worker.unref();
      return;
    }
    t.worker.ref();
    if (!t.ready) return;
    t.timer = setTimeout(() => {
      t.stopping = 'timeout';
      void t.worker.terminate();
    }, timeoutMs);
  }

  function post(t: Thread, job: Job): void {
    // A copy, moved to the thread: the caller keeps its bytes (a Buffer's slice() would be a view,
    // detached by the move), and a view of a larger buffer does not send that whole buffer.
    const bytes = new Uint8Array(job.bytes);
    t.worker.postMessage({ id: job.id, bytes, hints: job.hints, loadOnly: job.loadOnly }, [bytes.buffer]);
  }

  function pump(): void {
    while (!closed && queue.length > 0) {
      let best = -1;
      for (let i = 0; i < size; i++) {
        const n = threads[i]?.jobs.length ?? 0;
        if (n < perThread && (best < 0 || n < (threads[best]?.jobs.length ?? 0))) best = i;
      }
      if (best < 0) return;
      let t = threads[best];
      if (!t) {
        t = spawn(best);
        threads[best] = t;
      }
      const job = queue.shift()!;
      t.jobs.push(job);
      if (t.ready) post(t, job);
      if (t.jobs.length === 1) arm(t);
    }
  }

  return {
    extract(bytes, hints, use) {
      if (closed)
        return Promise.reject(
          new ExtractThreadError('extract.closed', `${nameOf(hints)}: the extraction pool was closed`),
        );
      return new Promise<ReportRecord>((resolve, reject) => {
        queue.push({ id: nextId++, bytes, hints, loadOnly: use?.loadOnly === true, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0))
        job.reject(
          new ExtractThreadError('extract.closed', `${nameOf(job.hints)}: the extraction pool was closed`),
        );
      await Promise.all(
        threads.map((t) => {
          if (!t) return undefined;
          t.stopping = 'close';
          // Jobs waiting behind the running one end with it.
          for (const job of t.jobs.splice(1)) job.reject(deathError(t, job));
          return t.worker.terminate();
        }),
      );
    },
  };
}

interface Reply {
  ready?: boolean;
  id?: number;
  json?: string;
  /** The cells' JSON, UTF-8; absent when the job was `loadOnly` and the loader reads none of them. */
  cells?: Uint8Array;
  /** Their COPY block (LoadInputs.block), UTF-8. */
  block?: Uint8Array;
  inputs?: Omit<LoadInputs, 'block'>;
  error?: WireError;
}

/**
 * The thread's record: its cells are parsed when first read (saving an extraction for another
 * process, a scan's positions), not before; the loader takes their block and hash as computed in
 * the thread (db/load-inputs.ts), and their count. Most records are loaded without anyone reading
 * them here: two hundred cell objects a page neither built nor collected in this thread. Those of
 * a record extracted for the loader alone may not have been sent at all (extract-thread.mjs).
 */
function recordOf(m: Reply, name: string): ReportRecord {
  const record = JSON.parse(m.json!) as ReportRecord;
  const json = m.cells;
  let cells: ReportRecord['cells'] | undefined;
  // Redefined in place: the key keeps its position, so the record serialises as the extractor's did.
  // An accessor for good: cells assigned later are other cells than the thread's, whose block and
  // hash are then computed again when loaded. (Records are not changed in place once extracted.)
  Object.defineProperty(record, 'cells', {
    enumerable: true,
    configurable: true,
    get() {
      if (cells) return cells;
      if (!json)
        throw new CellsNotSentError(
          'extract.cells_not_sent',
          `${name}: the record was extracted for loading only, its cells were left on the extraction thread`,
        );
      cells = JSON.parse(utf8.decode(json)) as ReportRecord['cells'];
      return cells;
    },
    set(v: ReportRecord['cells']) {
      dropLoadInputs(record);
      cells = v;
    },
  });
  // The block as text only when the load's transaction writes it (db/load.ts prepare), so the
  // string lives for that transaction, not for the page's wait in its batch.
  const block = m.block!;
  giveLoadInputs(record, {
    ...m.inputs!,
    get block() {
      return utf8.decode(block);
    },
  });
  return record;
}

const utf8 = new TextDecoder();

interface WireError {
  code: string | null;
  message: string;
}

/** The thread's error as the calling thread would have thrown it. */
function rebuild(e: WireError): Error {
  if (e.code && INPUT_CODES.has(e.code)) return new ExtractInputError(e.code as ExtractInputCode, e.message);
  return new Error(e.message);
}
