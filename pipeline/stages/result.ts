import type { NextJob } from '../payloads.ts';

/** What a stage hands back: follow-up jobs for the runner to enqueue, and a short summary for the job's record. */
export interface StageResult {
  next: NextJob[];
  summary: Record<string, unknown>;
}
