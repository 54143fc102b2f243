/**
 * What this process's jobs came to, per stage: done, failed for good, attempts that will be retried,
 * and attempts that ran out of time. For the end-of-run summary; the runner counts, nothing reads
 * the database for it. Workers in other processes keep their own.
 */
import type { Stage } from '../payloads.ts';

export interface StageTally {
  done: number;
  failed: number;
  retried: number;
  timedOut: number;
}

export type Outcome = 'done' | 'failed' | 'retried';

export class JobTally {
  private readonly byStage = new Map<Stage, StageTally>();

  record(stage: Stage, outcome: Outcome, opts: { timedOut?: boolean } = {}): void {
    const t = this.byStage.get(stage) ?? { done: 0, failed: 0, retried: 0, timedOut: 0 };
    t[outcome]++;
    if (opts.timedOut) t.timedOut++;
    this.byStage.set(stage, t);
  }

  snapshot(): Partial<Record<Stage, StageTally>> {
    return Object.fromEntries([...this.byStage].map(([s, t]) => [s, { ...t }]));
  }
}
