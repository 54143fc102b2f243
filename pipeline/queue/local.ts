/**
 * The zero-setup executor: the same stages, retries and dedup as BullMQ, in this process,
 * with nothing to install. Used when REDIS_URL is unset (a laptop, the demo, the bench).
 * Jobs live in memory: a crash loses the queue, but every stage is idempotent and the
 * refs table remembers what was fetched, so running the crawl again resumes the work.
 */
import type { Logger } from 'pino';
import { describeError } from '../../config/errors.ts';
import { silentLogger } from '../../config/logger.ts';
import { type PayloadOf, STAGES, type Stage } from '../payloads.ts';
import { backoffDelay, DEFAULT_RETRY, isRetryable } from './policy.ts';
import type {
  EnqueueItem,
  FailedJob,
  JobQueue,
  RetryPolicy,
  RunningQueueJob,
  StageCounts,
  StageHandler,
} from './types.ts';

interface LocalJob {
  id: string;
  stage: Stage;
  data: unknown;
  attemptsMade: number;
}

interface Lane {
  waiting: LocalJob[];
  active: number;
  delayed: number;
  completed: number;
  failed: FailedJob[];
  handler?: StageHandler<Stage>;
  concurrency: number;
}

export interface LocalQueueOptions {
  retry?: Partial<Record<Stage, RetryPolicy>>;
  logger?: Logger;
  /** Failed jobs kept for inspection per stage (the oldest are dropped first). */
  keepFailed?: number;
}

export class LocalQueue implements JobQueue {
  readonly kind = 'local' as const;
  private readonly lanes = new Map<Stage, Lane>();
  /** Ids of jobs waiting, active, delayed or done: a second add with the same id is a no-op, as in BullMQ. */
  private readonly known = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly retry: Record<Stage, RetryPolicy>;
  private readonly logger: Logger;
  private readonly keepFailed: number;
  private closing = false;
  private readonly runningJobs = new Map<LocalJob, number>();
  private idleWaiters: Array<() => void> = [];

  constructor(opts: LocalQueueOptions = {}) {
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.logger = opts.logger ?? silentLogger;
    this.keepFailed = opts.keepFailed ?? 10_000;
    for (const s of STAGES) {
      this.lanes.set(s, { waiting: [], active: 0, delayed: 0, completed: 0, failed: [], concurrency: 1 });
    }
  }

  async add<S extends Stage>(stage: S, data: PayloadOf<S>, jobId: string): Promise<void> {
    this.enqueue(stage, data, jobId);
  }

  async addBulk<S extends Stage>(stage: S, items: EnqueueItem<S>[]): Promise<void> {
    for (const it of items) this.enqueue(stage, it.data, it.jobId);
  }

  process<S extends Stage>(stage: S, handler: StageHandler<S>, opts: { concurrency: number }): void {
    const lane = this.lane(stage);
    lane.handler = handler as unknown as StageHandler<Stage>;
    lane.concurrency = Math.max(1, opts.concurrency);
    this.pump(stage);
  }

  async isIdle(): Promise<boolean> {
    return this.idleNow();
  }

  /** Resolves as soon as nothing is waiting, delayed or running. */
  whenIdle(): Promise<void> {
    if (this.idleNow()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async counts(): Promise<Record<Stage, StageCounts>> {
    const out = {} as Record<Stage, StageCounts>;
    for (const s of STAGES) {
      const l = this.lane(s);
      out[s] = {
        waiting: l.waiting.length,
        active: l.active,
        delayed: l.delayed,
        completed: l.completed,
        failed: l.failed.length,
      };
    }
    return out;
  }

  async running(limitPerStage = 100): Promise<RunningQueueJob[]> {
    const out: RunningQueueJob[] = [];
    for (const [job, startedAt] of this.runningJobs)
      if (out.filter((j) => j.stage === job.stage).length < limitPerStage)
        out.push({ id: job.id, stage: job.stage, data: job.data, startedAt });
    return out;
  }

  async failed(stage: Stage, limit = 100): Promise<FailedJob[]> {
    return this.lane(stage).failed.slice(-limit).reverse();
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of STAGES) this.lane(s).delayed = 0;
    // Drain: let running jobs finish; waiting ones are dropped (they were never started).
    while (STAGES.some((s) => this.lane(s).active > 0)) await new Promise((r) => setTimeout(r, 20));
    this.notifyIdle();
  }

  private lane(stage: Stage): Lane {
    return this.lanes.get(stage)!;
  }

  private idleNow(): boolean {
    return STAGES.every((s) => {
      const l = this.lane(s);
      return l.active === 0 && l.delayed === 0 && (l.waiting.length === 0 || this.closing);
    });
  }

  private notifyIdle(): void {
    if (!this.idleNow()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private enqueue(stage: Stage, data: unknown, jobId: string): void {
    if (this.closing || this.known.has(jobId)) return;
    this.known.add(jobId);
    this.lane(stage).waiting.push({ id: jobId, stage, data, attemptsMade: 0 });
    // Let the caller finish its synchronous work before jobs start, as a queue would.
    queueMicrotask(() => this.pump(stage));
  }

  private pump(stage: Stage): void {
    const lane = this.lane(stage);
    while (!this.closing && lane.handler && lane.active < lane.concurrency && lane.waiting.length > 0) {
      const job = lane.waiting.shift()!;
      lane.active++;
      void this.run(lane, job);
    }
  }

  private async run(lane: Lane, job: LocalJob): Promise<void> {
    job.attemptsMade++;
    const policy = this.retry[job.stage];
    this.runningJobs.set(job, Date.now());
    try {
      await lane.handler!(job.data as never, {
        id: job.id,
        stage: job.stage,
        attempt: job.attemptsMade,
        maxAttempts: policy.attempts,
      });
      lane.completed++;
    } catch (err) {
      const again = isRetryable(err) && job.attemptsMade < policy.attempts && !this.closing;
      this.logger.debug(
        { job: job.id, stage: job.stage, attempt: job.attemptsMade, retry: again, err: describeError(err) },
        'job failed',
      );
      if (again) this.schedule(lane, job, backoffDelay(policy, job.attemptsMade));
      else this.fail(lane, job, err);
    } finally {
      this.runningJobs.delete(job);
      lane.active--;
      this.pump(job.stage);
      this.notifyIdle();
    }
  }

  private schedule(lane: Lane, job: LocalJob, delayMs: number): void {
    lane.delayed++;
    const t = setTimeout(() => {
      this.timers.delete(t);
      lane.delayed--;
      lane.waiting.push(job);
      this.pump(job.stage);
      this.notifyIdle();
    }, delayMs);
    this.timers.add(t);
  }

  private fail(lane: Lane, job: LocalJob, err: unknown): void {
    lane.failed.push({
      id: job.id,
      stage: job.stage,
      data: job.data,
      reason: describeError(err),
      attempts: job.attemptsMade,
      finishedAt: Date.now(),
    });
    if (lane.failed.length > this.keepFailed) lane.failed.shift();
  }
}
