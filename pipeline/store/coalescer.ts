/**
 * Writes that arrive one per job, gathered into one write per batch: a batch leaves when it is
 * full (`maxBatch`) or its oldest item has waited `maxWaitMs`, with at most `maxInFlight` batches
 * under way. Each caller's promise settles when the batch holding its item has been written, so a
 * job is never acknowledged before its write is durable. A batch that fails is written again one
 * item at a time: one bad item fails only its own job.
 *
 * A partial batch does not go beside one under way: it waits for that one to be written (the
 * items arriving meanwhile join it), so a steady trickle of items still makes batches of many.
 *
 * With `keyOf`, items of one key are never in two batches under way: an item whose key a batch in
 * flight holds waits for the next one, and a batch takes every queued item of its keys (up to
 * `maxBatch`). Report loads (store/batch-loader.ts) key by agency, so neighbouring reports of one
 * agency do not queue on its lock in the database.
 */
import type { Logger } from 'pino';
import { describeError } from '../../config/errors.ts';

export interface CoalescerOptions<I = unknown> {
  /** Items per write (default 32). */
  maxBatch?: number;
  /** How long the first item of a batch may wait for company (default 10 ms). */
  maxWaitMs?: number;
  /** Batches under way at once (default 2). */
  maxInFlight?: number;
  logger?: Logger;
  /** What the log calls one item ("fetched document"). */
  what?: string;
  /** Items of one key are never in two batches under way (none: any item may join any batch). */
  keyOf?: (item: I) => string;
}

interface Pending<I, R> {
  item: I;
  key: string | null;
  since: number;
  resolve(r: R): void;
  reject(e: unknown): void;
}

export class Coalescer<I, R> {
  private queue: Array<Pending<I, R>> = [];
  /** Keys held by batches under way. */
  private readonly busy = new Set<string>();
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private idle: Array<() => void> = [];
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;
  private readonly maxInFlight: number;

  /** `write` writes one batch atomically and answers per item, in order. */
  constructor(
    private readonly write: (items: I[]) => Promise<R[]>,
    private readonly opts: CoalescerOptions<I> = {},
  ) {
    this.maxBatch = Math.max(1, opts.maxBatch ?? 32);
    this.maxWaitMs = opts.maxWaitMs ?? 10;
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? 2);
  }

  /** Resolves once the item is written (with its answer), rejects with the write's error. */
  add(item: I): Promise<R> {
    return new Promise((resolve, reject) => {
      const key = this.opts.keyOf ? this.opts.keyOf(item) : null;
      this.queue.push({ item, key, since: performance.now(), resolve, reject });
      this.pump();
    });
  }

  /** Resolves when nothing is queued or under way. */
  drain(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      // While a batch is being written, items gather for the next one (group commit): only a full
      // batch goes beside it. Sent after maxWaitMs whatever else was under way, a batch held a few
      // items when they arrived evenly (a thread of its own handing back extractions one by one),
      // and each batch is a transaction of several statements.
      if (this.inFlight > 0 && this.queue.length < this.maxBatch) return;
      const waited = performance.now() - this.queue[0]!.since;
      if (this.queue.length < this.maxBatch && waited < this.maxWaitMs) {
        this.timer ??= setTimeout(
          () => {
            this.timer = null;
            this.pump();
          },
          Math.max(1, this.maxWaitMs - waited),
        );
        return;
      }
      const batch = this.take();
      if (batch.length === 0) return; // every queued item's key is held by a batch under way: wait for it
      void this.run(batch);
    }
  }

  /** Up to maxBatch items, oldest first, whose keys no batch under way holds. */
  private take(): Array<Pending<I, R>> {
    if (!this.opts.keyOf) return this.queue.splice(0, this.maxBatch);
    const batch: Array<Pending<I, R>> = [];
    const rest: Array<Pending<I, R>> = [];
    for (const p of this.queue) {
      if (batch.length < this.maxBatch && !this.busy.has(p.key!)) batch.push(p);
      else rest.push(p);
    }
    // Held only once the batch is chosen: every queued item of its keys joined (up to the batch size).
    for (const p of batch) this.busy.add(p.key!);
    this.queue = rest;
    return batch;
  }

  private async run(batch: Array<Pending<I, R>>): Promise<void> {
    this.inFlight++;
    try {
      const results = await this.write(batch.map((p) => p.item));
      for (const [i, p] of batch.entries()) p.resolve(results[i]!);
    } catch (err) {
      if (batch.length === 1) batch[0]!.reject(err);
      else {
        this.opts.logger?.warn(
          { items: batch.length, what: this.opts.what, err: describeError(err) },
          'batch write failed: writing its items one by one',
        );
        for (const p of batch) {
          try {
            p.resolve((await this.write([p.item]))[0]!);
          } catch (e) {
            p.reject(e);
          }
        }
      }
    } finally {
      for (const p of batch) if (p.key !== null) this.busy.delete(p.key);
      this.inFlight--;
      this.pump();
      if (this.queue.length === 0 && this.inFlight === 0) {
        const waiters = this.idle;
        this.idle = [];
        for (const w of waiters) w();
      }
    }
  }
}
