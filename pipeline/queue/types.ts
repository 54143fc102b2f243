/**
 * The small queue interface every stage runs behind: BullMQ on Redis in production,
 * an in-process executor when no Redis is configured. Handlers never see which one.
 */
import type { PayloadOf, Stage } from '../payloads.ts';

export interface JobInfo {
  id: string;
  stage: Stage;
  /** 1 on the first run, 2 on the first retry… */
  attempt: number;
  /** Attempts allowed in all: when attempt reaches it (or the error is not retryable) the failure is final. */
  maxAttempts: number;
}

export type StageHandler<S extends Stage> = (data: PayloadOf<S>, job: JobInfo) => Promise<unknown>;

export interface EnqueueItem<S extends Stage> {
  data: PayloadOf<S>;
  jobId: string;
}

export interface StageCounts {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
}

/** A job some worker is running now. */
export interface RunningQueueJob {
  id: string;
  stage: Stage;
  data: unknown;
  /** When its current attempt started (ms since the epoch), when the queue knows. */
  startedAt: number | null;
}

export interface FailedJob {
  id: string;
  stage: Stage;
  data: unknown;
  reason: string;
  attempts: number;
  finishedAt: number | null;
}

/** Attempts and backoff per stage: network stages retry more and wait longer. */
export interface RetryPolicy {
  attempts: number;
  /** First delay of the exponential backoff, ms. */
  backoffMs: number;
}

export interface JobQueue {
  readonly kind: 'local' | 'bullmq';
  add<S extends Stage>(stage: S, data: PayloadOf<S>, jobId: string): Promise<void>;
  addBulk<S extends Stage>(stage: S, items: EnqueueItem<S>[]): Promise<void>;
  /**
   * Start consuming a stage's jobs with the given concurrency. `onLost` hears of jobs the queue
   * itself gave up on without the handler failing (BullMQ: stalled more often than allowed).
   */
  process<S extends Stage>(
    stage: S,
    handler: StageHandler<S>,
    opts: { concurrency: number; onLost?: (data: unknown, reason: string) => Promise<void> },
  ): void;
  /** True when no stage has a waiting, delayed or active job. */
  isIdle(): Promise<boolean>;
  counts(): Promise<Record<Stage, StageCounts>>;
  /** Jobs running now, in any process (what the stall check names when workers run elsewhere). */
  running(limitPerStage?: number): Promise<RunningQueueJob[]>;
  failed(stage: Stage, limit?: number): Promise<FailedJob[]>;
  /** Stop taking jobs, let the active ones finish (SIGTERM drain), release connections. */
  close(): Promise<void>;
}

/** Wait until the queue has been idle on two consecutive checks (a job finishing enqueues the next). */
export async function waitForIdle(
  queue: JobQueue,
  opts: { pollMs?: number; timeoutMs?: number; onTick?: () => Promise<void> | void } = {},
): Promise<void> {
  const pollMs = opts.pollMs ?? 250;
  const deadline = opts.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + opts.timeoutMs;
  let idleStreak = 0;
  while (idleStreak < 2) {
    await opts.onTick?.();
    idleStreak = (await queue.isIdle()) ? idleStreak + 1 : 0;
    if (idleStreak >= 2) break;
    if (Date.now() > deadline) throw new Error(`queue not idle after ${opts.timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
