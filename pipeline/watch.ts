/**
 * Follows a crawl's runs to their end, whatever ends them: the queues going idle (done), no progress
 * for XXGK_STALL_TIMEOUT_MS while jobs run (a stall: the stuck jobs are named, then failed or left
 * behind per XXGK_STALL_ACTION), or a shutdown signal (the runs are marked interrupted). What
 * `crawl` and `demo` wait on; the decisions are control/stall.ts's, this module does the I/O.
 */
import type { Logger } from 'pino';
import { describeError } from '../config/errors.ts';
import { silentLogger } from '../config/logger.ts';
import type { Database } from '../db/index.ts';
import { endCrawlRuns } from '../db/index.ts';
import type { ActiveJobs } from './control/active-jobs.ts';
import {
  formatMs,
  JobInterruptedError,
  JobStalledError,
  type JobTimeouts,
  jobLabel,
} from './control/job-limit.ts';
import { describeStall, quietFor, type RunningJob, type Stall, StallDetector } from './control/stall.ts';
import type { EndReason } from './control/summary.ts';
import type { JobQueue } from './queue/types.ts';
import { finishIdleRuns, getRuns, type Progress, type RunRow, sumProgress } from './runs.ts';

/** How long a wind-down waits for aborted jobs to record their outcome. */
const SETTLE_MS = 10_000;

export interface StallSettings {
  timeoutMs: number;
  action: 'fail' | 'finish';
}

export interface WatchOptions {
  pollMs?: number;
  /** Writes this process's run counters (the store's `flushCounts`). */
  flush?: () => Promise<void>;
  onTick?: (p: Progress, runs: RunRow[]) => void;
  /** Aborted by a shutdown signal (control/signals.ts): the runs end `interrupted`. */
  signal?: AbortSignal;
  stall?: StallSettings;
  /** This process's running jobs (the pipeline context's `control.jobs`). */
  jobs?: ActiveJobs;
  /** The job time limits (the pipeline context's `control.timeouts`): a scan inside its own limit is not stuck. */
  timeouts?: JobTimeouts;
  /** Told of each stall as it is acted on (the command prints it). */
  onStall?: (line: string, stall: Stall) => void;
  logger?: Logger;
  now?: () => number;
}

export interface WatchOutcome {
  runs: RunRow[];
  reason: EndReason;
  /** The stall lines, when the crawl stalled (with `fail`, it went on after each). */
  stalls: string[];
}

export async function watchRuns(
  db: Database,
  queue: JobQueue,
  ids: number[],
  opts: WatchOptions = {},
): Promise<WatchOutcome> {
  const now = opts.now ?? Date.now;
  const logger = opts.logger ?? silentLogger;
  const detector = new StallDetector(opts.stall?.timeoutMs ?? 0);
  const stalls: string[] = [];
  for (;;) {
    if (opts.signal?.aborted) return interrupted();
    await finishIdleRuns(db, queue, { graceMs: 0, ...(opts.flush ? { flush: opts.flush } : {}) });
    const runs = await getRuns(db, ids);
    opts.onTick?.(sumProgress(runs), runs);
    if (runs.every((r) => r.status !== 'running')) return { runs, reason: 'done', stalls };
    if (opts.stall && opts.stall.timeoutMs > 0) {
      const stall = await checkStall(runs);
      if (stall) {
        const line = describeStall(stall);
        stalls.push(line);
        logger.warn({ stuck: stall.stuck.map((j) => j.label), idleMs: stall.idleMs }, line);
        opts.onStall?.(line, stall);
        if (opts.stall.action === 'finish') return finishStalled(stall, line);
        failStuck(stall);
        detector.reset(now());
      }
    }
    await pause(opts.pollMs ?? 500, opts.signal);
  }

  async function checkStall(runs: RunRow[]): Promise<Stall | null> {
    // With workers in other processes the queue's own counts are their sign of life.
    const remote = queue.kind === 'bullmq';
    const mark = JSON.stringify([
      sumProgress(runs),
      opts.jobs?.activity() ?? 0,
      remote ? await queue.counts() : null,
    ]);
    const running: RunningJob[] = (opts.jobs?.list() ?? []).map((j) => ({
      id: j.id,
      stage: j.stage,
      label: j.label,
      url: j.url,
      startedAt: j.startedAt,
      quietMs: j.quietMs,
    }));
    if (remote) {
      // A page of a batch runs as `<queue job id>#<n>` here (runner.ts): its queue job is mine too.
      const mine = new Set(running.map((j) => j.id.replace(/#\d+$/, '')));
      for (const j of await queue.running()) {
        if (mine.has(j.id) || j.startedAt === null) continue;
        const url = (j.data as { url?: unknown } | null)?.url;
        running.push({
          id: j.id,
          stage: j.stage,
          label: jobLabel(j.stage, j.data),
          url: typeof url === 'string' ? url : null,
          startedAt: j.startedAt,
          quietMs: opts.timeouts ? quietFor(j.stage, opts.timeouts) : 0,
        });
      }
    }
    return detector.observe(mark, running, now());
  }

  /** XXGK_STALL_ACTION=fail: the stuck jobs this process runs fail (recorded, not retried); the crawl goes on. */
  function failStuck(stall: Stall): void {
    const stuckIds = new Set(stall.stuck.map((j) => j.id));
    const mine = (opts.jobs?.list() ?? []).filter((j) => stuckIds.has(j.id));
    opts.jobs?.abort(
      mine.map((j) => j.key),
      (j) =>
        new JobStalledError(
          'job.stalled',
          `${j.label}: stuck: the crawl made no progress for ${formatMs(stall.idleMs)} while it ran`,
        ),
    );
    const elsewhere = stall.stuck.filter((j) => !mine.some((m) => m.id === j.id));
    if (elsewhere.length > 0)
      logger.warn(
        { jobs: elsewhere.map((j) => j.label) },
        'stuck jobs run in other worker processes: their job time limit (XXGK_JOB_TIMEOUT_MS) ends them',
      );
  }

  /** XXGK_STALL_ACTION=finish: the stuck jobs are failed, the rest of this process's work stops, the runs end `stalled`. */
  async function finishStalled(stall: Stall, line: string): Promise<WatchOutcome> {
    failStuck(stall);
    opts.jobs?.shutdown(
      (j) => new JobInterruptedError('job.interrupted', `${j.label}: the crawl ended on a stall`),
    );
    await settle();
    await flushQuietly();
    await endCrawlRuns(db, ids, { status: 'stalled', reason: line });
    return { runs: await getRuns(db, ids), reason: 'stalled', stalls };
  }

  async function interrupted(): Promise<WatchOutcome> {
    const why = opts.signal?.reason instanceof Error ? opts.signal.reason.message : 'interrupted';
    opts.jobs?.shutdown((j) => new JobInterruptedError('job.interrupted', `${j.label}: ${why}`));
    await settle();
    await flushQuietly();
    await endCrawlRuns(db, ids, { status: 'interrupted', reason: `interrupted: ${why}` });
    return { runs: await getRuns(db, ids), reason: 'interrupted', stalls };
  }

  /**
   * The aborted jobs record their failures (the stuck ones) and let go of their slots: waited for
   * before the runs are closed, so their rows and counters are in. Bounded: closing never hangs.
   */
  async function settle(): Promise<void> {
    if (!opts.jobs) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      opts.jobs.whenIdle(),
      new Promise<void>((r) => {
        timer = setTimeout(r, SETTLE_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  async function flushQuietly(): Promise<void> {
    await opts
      .flush?.()
      .catch((err) => logger.warn({ err: describeError(err) }, 'could not write run counters'));
  }
}

/** Waits `ms`, or less when `signal` aborts (a Ctrl-C is answered at once, not after the next poll). */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
