/**
 * The heartbeat line progress prints off a terminal (logs, CI, pipes), pure: elapsed time, the run
 * counters, the rate documents are stored at (over the last minute) and an ETA from the fetches
 * still queued at that rate. One line at a steady interval, changed or not, so a silent log means a
 * dead process, never a quiet one. Time comes from the caller.
 */
import type { Progress } from '../runs.ts';
import { formatMs } from './job-limit.ts';
import { clock, RateMeter } from './rate.ts';

export interface HeartbeatLine {
  elapsedMs: number;
  progress: Progress;
  /** Documents stored per second, null until known. */
  perSecond: number | null;
  /** Fetch jobs queued, running or waiting to retry; null when unknown. */
  pending: number | null;
  etaMs: number | null;
}

export function formatHeartbeat(h: HeartbeatLine, label = 'crawl'): string {
  const p = h.progress;
  const rate = h.perSecond === null ? 'rate ?' : `${h.perSecond.toFixed(h.perSecond < 10 ? 1 : 0)} docs/s`;
  const eta =
    h.pending === null ? '' : ` · queued ${h.pending} · ETA ${h.etaMs === null ? '?' : formatMs(h.etaMs)}`;
  return `${label}: ${clock(h.elapsedMs)} · discovered ${p.discovered} · stored ${p.fetched} · extracted ${p.extracted} · loaded ${p.loaded} · failed ${p.failed} · ${rate}${eta}`;
}

export class Heartbeat {
  private readonly meter: RateMeter;

  constructor(
    private readonly startedAt: number,
    windowMs = 60_000,
  ) {
    this.meter = new RateMeter(windowMs);
  }

  /** Call at each look (every poll): the rate needs samples between heartbeats. */
  sample(now: number, progress: Progress): void {
    this.meter.add(now, progress.fetched);
  }

  line(now: number, progress: Progress, pending: number | null): HeartbeatLine {
    this.sample(now, progress);
    const perSecond = this.meter.perSecond();
    return {
      elapsedMs: now - this.startedAt,
      progress,
      perSecond,
      pending,
      etaMs: pending === null ? null : this.meter.etaMs(pending),
    };
  }
}
