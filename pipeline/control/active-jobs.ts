/**
 * The jobs this process is running, and a count of signs of life, for the stall check (stall.ts)
 * and for shutdown. The runner registers each job here as it starts (with the AbortController that
 * lets the run fail it from outside) and touches the counter whenever a stage reports progress.
 * The clock is injected: tests drive it by hand.
 */
import type { Stage } from '../payloads.ts';

export interface ActiveJob {
  /** Unique per attempt in this process. */
  key: number;
  id: string;
  stage: Stage;
  /** The page, list or source the job works on (see job-limit.ts `jobLabel`). */
  label: string;
  url: string | null;
  runId: number | null;
  attempt: number;
  /** When this attempt started, ms on the injected clock. */
  startedAt: number;
  /** How long it may run silently before the stall check calls it stuck (stall.ts `RunningJob.quietMs`). */
  quietMs: number;
}

export interface JobHandle {
  readonly signal: AbortSignal;
  end(): void;
}

export class ActiveJobs {
  private readonly jobs = new Map<number, { job: ActiveJob; controller: AbortController }>();
  private nextKey = 1;
  private ticks = 0;
  /** Set by shutdown(): every job started later is failed at once with it. */
  private closedWith: ((job: ActiveJob) => Error) | null = null;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly now: () => number = Date.now) {}

  start(job: Omit<ActiveJob, 'key' | 'startedAt'>): JobHandle {
    const key = this.nextKey++;
    const controller = new AbortController();
    const entry = { job: { ...job, key, startedAt: this.now() }, controller };
    this.jobs.set(key, entry);
    this.ticks++;
    // A retry whose backoff ends after the shutdown began must not start real work.
    if (this.closedWith) controller.abort(this.closedWith(entry.job));
    return {
      signal: controller.signal,
      end: () => {
        if (!this.jobs.delete(key)) return;
        this.ticks++;
        if (this.jobs.size === 0) for (const w of this.idleWaiters.splice(0)) w();
      },
    };
  }

  /** A sign of life from a running job (a list page walked, a document stored, a count bumped). */
  touch(): void {
    this.ticks++;
  }

  /** Grows with every start, end and sign of life: unchanged means nothing happened in this process. */
  activity(): number {
    return this.ticks;
  }

  list(): ActiveJob[] {
    return [...this.jobs.values()].map((j) => j.job);
  }

  /** Resolves once no job runs (at once if none does): aborted jobs have recorded their failure by then. */
  whenIdle(): Promise<void> {
    if (this.jobs.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Fails these jobs now with the error `reason` makes for each; returns how many were running. */
  abort(keys: readonly number[], reason: (job: ActiveJob) => Error): number {
    let n = 0;
    for (const key of keys) {
      const j = this.jobs.get(key);
      if (!j || j.controller.signal.aborted) continue;
      j.controller.abort(reason(j.job));
      n++;
    }
    return n;
  }

  abortAll(reason: (job: ActiveJob) => Error): number {
    return this.abort([...this.jobs.keys()], reason);
  }

  /** The process is winding down: fails every running job now and every job that starts later. */
  shutdown(reason: (job: ActiveJob) => Error): number {
    this.closedWith ??= reason;
    return this.abortAll(reason);
  }
}
