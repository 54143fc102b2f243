/**
 * Loads that arrive one report at a time (one per pipeline job) go to the database in batches:
 * db's `loadReports` writes a batch in a handful of set-based statements, one agency lock and one
 * cross-year recompute per agency, where one report per transaction paid all of that every time.
 *
 * A batch leaves when it is full (`maxBatch`) or its oldest report has waited `maxWaitMs`, with at
 * most `maxInFlight` batches under way. Reports of an agency that an in-flight batch holds wait for
 * the next batch instead of queueing on that agency's lock in the database (an agency's list is
 * crawled in order, so its neighbouring reports arrive together). Each caller's promise settles
 * when its own report is committed, so a job is never acknowledged before its load is durable.
 * A batch that fails is loaded again one report at a time: one bad report fails only its own job.
 */
import type { Logger } from 'pino';
import { describeError } from '../../config/errors.ts';
import { agencyKey, type LoadItem, type LoadResult } from '../../db/index.ts';
import { validateLoadItem } from '../../db/validate.ts';

/** Reports per transaction by default. */
export const LOAD_BATCH = 64;

export interface BatchLoaderOptions {
  /** Reports per transaction (default LOAD_BATCH). */
  maxBatch?: number;
  /** How long the first report of a batch may wait for company (default 20 ms). */
  maxWaitMs?: number;
  /** Batches under way at once (default 2). */
  maxInFlight?: number;
  logger?: Logger;
}

interface Pending {
  item: LoadItem;
  key: string;
  since: number;
  resolve(r: LoadResult): void;
  reject(e: unknown): void;
}

export class BatchLoader {
  private queue: Pending[] = [];
  private readonly busy = new Set<string>();
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private idle: Array<() => void> = [];
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;
  private readonly maxInFlight: number;

  /** `write` loads one batch atomically (db's loadReports, plus what the caller does with it). */
  constructor(
    private readonly write: (items: LoadItem[]) => Promise<LoadResult[]>,
    private readonly opts: BatchLoaderOptions = {},
  ) {
    this.maxBatch = Math.max(1, opts.maxBatch ?? LOAD_BATCH);
    this.maxWaitMs = opts.maxWaitMs ?? 20;
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? 2);
  }

  /** Resolves once the report is committed (with its outcome), rejects with the load's error. */
  load(item: LoadItem): Promise<LoadResult> {
    // A record the loader would refuse fails here, alone, before it can sink a batch.
    validateLoadItem(item, 0);
    return new Promise((resolve, reject) => {
      const agency = item.record.meta.agency ? agencyKey(item.record.meta.agency) : '';
      this.queue.push({
        item,
        key: agency ? `a:${agency}` : `u:${item.ctx.sourceUrl}`,
        since: performance.now(),
        resolve,
        reject,
      });
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
      const batch = this.take();
      if (batch.length === 0) return; // every queued report's agency is being loaded: wait for it
      void this.run(batch);
    }
  }

  /** Up to maxBatch reports whose agencies no batch under way holds, oldest first. */
  private take(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const p of this.queue) {
      if (batch.length < this.maxBatch && !this.busy.has(p.key)) batch.push(p);
      else rest.push(p);
    }
    // A batch holds an agency as a whole: every queued report of it joins (up to the batch size).
    for (const p of batch) this.busy.add(p.key);
    this.queue = rest;
    return batch;
  }

  private async run(batch: Pending[]): Promise<void> {
    this.inFlight++;
    try {
      const results = await this.write(batch.map((p) => p.item));
      for (const [i, p] of batch.entries()) p.resolve(results[i]!);
    } catch (err) {
      if (batch.length === 1) batch[0]!.reject(err);
      else {
        this.opts.logger?.warn(
          { reports: batch.length, err: describeError(err) },
          'batch load failed: loading its reports one by one',
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
      for (const p of batch) this.busy.delete(p.key);
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
