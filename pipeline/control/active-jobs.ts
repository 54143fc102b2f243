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
}

export interface JobHandle {
  readonly signal: AbortSignal;
  end(): void;
}

export class ActiveJobs {
  private readonly jobs = new Map<number, { job: ActiveJob; controller: AbortController }>();
  private nextKey = 1;
  private ticks = 0;

  constructor(private readonly now: () => number = Date.now) {}

  start(job: Omit<ActiveJob, 'key' | 'startedAt'>): JobHandle {
    const key = this.nextKey++;
    const controller = new AbortController();
    this.jobs.set(key, { job: { ...job, key, startedAt: this.now() }, controller });
    this.ticks++;
    return {
      signal: controller.signal,
      end: () => {
        if (this.jobs.delete(key)) this.ticks++;
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
}
