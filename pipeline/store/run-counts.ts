/**
 * crawl_runs counters, counted in memory and added to the row in one statement per flush.
 *
 * Every stage job used to update its run's row (three times per page): the hottest statement of a
 * crawl, all workers queueing on one row lock. Now each process keeps its own deltas and adds them
 * every `intervalMs`, when a batch asks (`flush()`), and when the process closes; deltas add up, so
 * any number of processes count right together. A flush that fails keeps its deltas for the next.
 * What a SIGKILL takes with it (at most one interval of counts) is recounted from the tables when
 * the run is closed (db/crawl-runs.ts `reconcileCrawlRun`).
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
  logger?: Logger;
}

export class RunCounts {
  private pending = new Map<number, Partial<CrawlCounts>>();
  private flushing: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly logger: Logger | undefined;

  constructor(
    private readonly db: Queryable,
    opts: RunCountsOptions = {},
  ) {
    this.logger = opts.logger;
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

  /** Last flush; the counter stops. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
