/**
 * PGlite on a worker thread. PGlite is PostgreSQL compiled to WASM: every statement runs
 * synchronously on the thread that owns it. On the crawler's thread that stalled fetching and
 * extraction for as long as each statement ran; here the statements run on their own thread
 * (pglite-worker.mjs) and the main thread only posts messages.
 *
 * One session serves everybody, as with in-thread PGlite: while a transaction is open, other
 * statements wait for it here, so none of them lands inside it.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { prepareDataDir } from './pglite-init.ts';

const utf8 = new TextEncoder();
const WORKER = new URL('./pglite-worker.mjs', import.meta.url);

interface Reply {
  id: number;
  rows?: unknown[];
  ok?: boolean;
  error?: { message: string; code?: string; detail?: string; hint?: string };
}

/** The error a statement failed with, rebuilt on this side (message and SQLSTATE `code`). */
export class PgliteThreadError extends Error {
  readonly code: string | undefined;
  readonly detail: string | undefined;

  constructor(e: NonNullable<Reply['error']>) {
    super(e.message);
    this.code = e.code;
    this.detail = e.detail;
  }
}

export interface PgliteThread {
  query<T>(sql: string, params: unknown[], inTx?: boolean): Promise<T[]>;
  exec(sql: string, inTx?: boolean): Promise<void>;
  /** One COPY … FROM '/dev/blob' statement per chunk of lines. */
  copy(sql: string, data: string, inTx?: boolean): Promise<void>;
  /** Runs `fn` holding the session: BEGIN before, COMMIT after (ROLLBACK on a throw). */
  transaction<T>(fn: () => Promise<T>, readOnly: boolean): Promise<T>;
  close(): Promise<void>;
}

export async function openPgliteThread(opts: {
  dataDir: string | null;
  schema: string;
  readOnly: boolean;
  /** A file to record the messages sent to the thread in (see `recorder`). */
  record?: string | undefined;
}): Promise<PgliteThread> {
  // A new directory is a copy of the template, or made by initdb in a process of its own (pglite-init.ts).
  if (opts.dataDir) await prepareDataDir(opts.dataDir);
  const { record: recordFile, ...workerData } = opts;
  const worker = new Worker(WORKER, { workerData });
  const waiting = new Map<number, { resolve(r: Reply): void; reject(e: unknown): void }>();
  let nextId = 1;
  let dead: Error | null = null;
  const failAll = (err: Error) => {
    dead = err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on('message', (r: Reply) => {
    const w = waiting.get(r.id);
    waiting.delete(r.id);
    w?.resolve(r);
  });
  worker.on('error', (err) => failAll(err));
  worker.on('exit', (code) => failAll(new Error(`the embedded database's thread exited (${code})`)));

  const ready = new Promise<Reply>((resolve, reject) => waiting.set(0, { resolve, reject }));
  const opened = await ready;
  if (opened.error) {
    await worker.terminate();
    throw new PgliteThreadError(opened.error);
  }

  const record = recordFile ? recorder(recordFile) : null;
  const send = (msg: Record<string, unknown>, transfer?: ArrayBuffer[]): Promise<Reply> => {
    if (dead) return Promise.reject(dead);
    record?.(msg);
    const id = nextId++;
    return new Promise<Reply>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, ...msg }, transfer);
    }).then((r) => {
      if (r.error) throw new PgliteThreadError(r.error);
      return r;
    });
  };

  // The open transaction, if any: statements from outside it wait until it ends. The check and
  // the send happen with no await between them, so nothing slips in after a BEGIN.
  let tx: Promise<void> | null = null;

  return {
    async query<T>(sql: string, params: unknown[], inTx?: boolean) {
      if (!inTx) while (tx) await tx;
      return (await send({ op: 'query', sql, params })).rows as T[];
    },
    async exec(sql, inTx) {
      if (!inTx) while (tx) await tx;
      await send({ op: 'exec', sql });
    },
    async copy(sql, data, inTx) {
      if (!inTx) while (tx) await tx;
      // As UTF-8 bytes, handed over rather than copied: sent as a string, a chunk arrived as a copy
      // of up to 2 MB in the database thread's old generation, and that thread then spent a fifth
      // of its time in full collections. The Blob that COPY reads holds the same UTF-8 either way.
      const bytes = utf8.encode(data);
      await send({ op: 'copy', sql, data: bytes }, [bytes.buffer as ArrayBuffer]);
    },
    async transaction<T>(fn: () => Promise<T>, readOnly: boolean): Promise<T> {
      while (tx) await tx;
      let end!: () => void;
      tx = new Promise<void>((r) => (end = r));
      try {
        await send({ op: 'exec', sql: readOnly ? 'BEGIN READ ONLY' : 'BEGIN' });
        try {
          const out = await fn();
          await send({ op: 'exec', sql: 'COMMIT' });
          return out;
        } catch (err) {
          await send({ op: 'exec', sql: 'ROLLBACK' }).catch(() => {});
          throw err;
        }
      } finally {
        tx = null;
        end();
      }
    },
    async close() {
      while (tx) await tx;
      try {
        if (!dead) await send({ op: 'close' });
      } finally {
        worker.removeAllListeners('exit');
        await worker.terminate();
      }
    },
  };
}

/**
 * The pgliteRecord setting (XXGK_PGLITE_RECORD=FILE): every message this side sends the database's
 * thread, in order, written to FILE (v8-serialised, each after its length) for
 * bench/pglite-replay.ts, which sends them again to a fresh database to measure that thread's CPU
 * alone: without the crawl around it (fetching, extracting, how batches happened to form), A/Bs of
 * the database side differ by its work only.
 */
function recorder(file: string): (msg: Record<string, unknown>) => void {
  let fd: number | null = openSync(file, 'w');
  return (msg) => {
    if (fd === null) return;
    const body = serialize(msg);
    const head = Buffer.alloc(4);
    head.writeUInt32LE(body.length);
    writeSync(fd, head);
    writeSync(fd, body);
    // The thread's last message: the file is complete.
    if (msg.op === 'close') {
      closeSync(fd);
      fd = null;
    }
  };
}
