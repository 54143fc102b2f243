/**
 * crawl_runs counters, counted in memory and added to the row in one statement per flush.
 *
 * Every stage job used to update its run's row (three times per page): the hottest statement of a
 * crawl, all workers queueing on one row lock. Now each process keeps its own deltas and adds them
 * every `intervalMs` (what `xxgk status` sees during a run), and in batches for the jobs that
 * `settle()`: the runner lets a job end only once its counts are written, so a job acknowledged to
 * the queue is counted, and a job killed before that counted nothing (its counts died with the
 * process) and is counted once when it runs again. Deltas add up, so any number of processes count
 * right together. A flush that fails keeps its deltas for the next one.
 */
import type { Logger } from 'pino';
import { describeError } from '../../config/errors.ts';
import { addCrawlCountsMany, type CrawlCounts, type Queryable } from '../../db/index.ts';

export type RunCounter = keyof CrawlCounts;

/** Default flush interval. */
export const COUNTS_FLUSH_MS = 500;

export interface RunCountsOptions {
  /** How often deltas are written (default 500 ms): how stale `xxgk status` may be during a run. */
  intervalMs?: number;
  /** How long `settle()` gathers jobs' counts into one statement (default 50 ms). */
  settleMs?: number;
  logger?: Logger;
}

export class RunCounts {
  private pending = new Map<number, Partial<CrawlCounts>>();
  private flushing: Promise<void> | null = null;
  private settling: Promise<void> | null = null;
  private readonly settleMs: number;
  private readonly timer: NodeJS.Timeout;
  private readonly logger: Logger | undefined;

  constructor(
    private readonly db: Queryable,
    opts: RunCountsOptions = {},
  ) {
    this.logger = opts.logger;
    this.settleMs = opts.settleMs ?? 50;
    this.timer = setInterval(() => void this.flush().catch(() => {}), opts.intervalMs ?? COUNTS_FLUSH_MS);
    this.timer.unref();
  }

  add(runId: number | null, counter: RunCounter, by = 1): void {
    if (runId === null || by === 0) return;
    const c = this.pending.get(runId) ?? {};
    c[counter] = (c[counter] ?? 0) + by;
    this.pending.set(runId, c);
  }

  /** Writes what was counted so far (one statement); waits for a flush already under way first. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.flushing = addCrawlCountsMany(this.db, batch)
      .catch((err) => {
        // Not lost: merged back, written by the next flush.
        for (const [runId, c] of batch)
          for (const [k, v] of Object.entries(c)) this.add(runId, k as RunCounter, v);
        this.logger?.warn({ err: describeError(err) }, 'crawl run counters not written yet');
        throw err;
      })
      .finally(() => {
        this.flushing = null;
      });
    await this.flushing;
  }

  /**
   * Resolves once everything counted so far is written: the flushes of many jobs gathered into one
   * statement every `settleMs`. Never rejects (a failed write is retried by the next flush).
   */
  settle(): Promise<void> {
    if (this.pending.size === 0) return this.flushing?.catch(() => {}) ?? Promise.resolve();
    this.settling ??= new Promise<void>((r) => setTimeout(r, this.settleMs)).then(() => {
      this.settling = null;
      return this.flush().catch(() => {});
    });
    return this.settling;
  }

  /** Last flush; the counter stops. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
