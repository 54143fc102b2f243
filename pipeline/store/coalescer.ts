/**
 * Writes that arrive one per job, gathered into one write per batch: a batch leaves when it is
 * full (`maxBatch`) or its oldest item has waited `maxWaitMs`, with at most `maxInFlight` batches
 * under way. Each caller's promise settles when the batch holding its item has been written, so a
 * job is never acknowledged before its write is durable. A batch that fails is written again one
 * item at a time: one bad item fails only its own job.
 *
 * (store/batch-loader.ts is the same idea for report loads, plus keeping an agency's reports out
 * of two batches at once.)
 */
import type { Logger } from 'pino';
import { describeError } from '../../config/errors.ts';

export interface CoalescerOptions {
  /** Items per write (default 32). */
  maxBatch?: number;
  /** How long the first item of a batch may wait for company (default 10 ms). */
  maxWaitMs?: number;
  /** Batches under way at once (default 2). */
  maxInFlight?: number;
  logger?: Logger;
  /** What the log calls one item ("fetched document"). */
  what?: string;
}

interface Pending<I, R> {
  item: I;
  since: number;
  resolve(r: R): void;
  reject(e: unknown): void;
}

export class Coalescer<I, R> {
  private queue: Array<Pending<I, R>> = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private idle: Array<() => void> = [];
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;
  private readonly maxInFlight: number;

  /** `write` writes one batch atomically and answers per item, in order. */
  constructor(
    private readonly write: (items: I[]) => Promise<R[]>,
    private readonly opts: CoalescerOptions = {},
  ) {
    this.maxBatch = Math.max(1, opts.maxBatch ?? 32);
    this.maxWaitMs = opts.maxWaitMs ?? 10;
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? 2);
  }

  /** Resolves once the item is written (with its answer), rejects with the write's error. */
  add(item: I): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, since: performance.now(), resolve, reject });
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
      void this.run(this.queue.splice(0, this.maxBatch));
    }
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
