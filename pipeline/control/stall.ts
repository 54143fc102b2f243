/**
 * Stall detection, pure: fed a progress mark and the running jobs at each look, it says when the
 * crawl has made no progress for `timeoutMs` while jobs run, and which jobs are stuck (running at
 * least that long). Waiting out a retry's backoff, or waiting for workers that are not there, is not
 * a stall: no job is running then. Time comes from the caller.
 */
import { formatMs } from './job-limit.ts';

export interface RunningJob {
  id: string;
  stage: string;
  /** Stage and page (job-limit.ts `jobLabel`). */
  label: string;
  url: string | null;
  startedAt: number;
  /**
   * How long this job may run without a sign of life, ms (0 or absent: the stall timeout). A scan
   * reads its pages for minutes without reporting, and a lone one must not be failed as stuck
   * inside its own time limit (`quietFor`); its limit, not the stall, ends it if it hangs.
   */
  quietMs?: number;
}

export interface StuckJob extends RunningJob {
  runningMs: number;
}

export interface Stall {
  /** How long nothing progressed. */
  idleMs: number;
  stuck: StuckJob[];
}

export class StallDetector {
  private mark: string | null = null;
  private since = 0;

  /** `timeoutMs` 0: never stalls. */
  constructor(private readonly timeoutMs: number) {}

  /**
   * `mark` is anything that changes whenever the crawl progresses (counters, queue counts, this
   * process's signs of life); equal marks mean nothing happened between two looks.
   */
  observe(mark: string, running: readonly RunningJob[], now: number): Stall | null {
    if (mark !== this.mark) {
      this.mark = mark;
      this.since = now;
      return null;
    }
    if (this.timeoutMs <= 0) return null;
    const idleMs = now - this.since;
    if (idleMs < this.timeoutMs) return null;
    const stuck = running
      .map((j) => ({ ...j, runningMs: now - j.startedAt }))
      .filter((j) => j.runningMs >= Math.max(this.timeoutMs, j.quietMs ?? 0))
      .sort((a, b) => b.runningMs - a.runningMs);
    return stuck.length > 0 ? { idleMs, stuck } : null;
  }

  /** After acting on a stall: the next one is counted from now. */
  reset(now: number): void {
    this.since = now;
  }
}

/** One line naming the stuck jobs, longest first: what the log, the summary and the run's row say. */
export function describeStall(s: Stall, max = 10): string {
  const named = s.stuck
    .slice(0, max)
    .map((j) => `${j.label} (running ${formatMs(j.runningMs)})`)
    .join('; ');
  const more = s.stuck.length > max ? `; and ${s.stuck.length - max} more` : '';
  return `stalled: no progress for ${formatMs(s.idleMs)}; stuck: ${named}${more}`;
}

/**
 * The stages that run long without signs of life by design: an OCR job (engine runs of seconds to
 * minutes per page, nothing counted until the record is done) is given its own time limit. Others
 * report progress as they go (a list page walked, a document stored), or are quick.
 */
export function quietFor(stage: string, timeouts: { ocr: number }): number {
  return stage === 'ocr' ? timeouts.ocr : 0;
}
