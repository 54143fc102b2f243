/**
 * Rate and ETA from a running count, pure: samples (time, done) kept over a sliding window, so the
 * rate follows the crawl's current pace rather than its average since the start (discovery at the
 * start is slow to produce documents). Time comes from the caller.
 */
export class RateMeter {
  private samples: Array<{ t: number; done: number }> = [];

  constructor(private readonly windowMs = 60_000) {}

  add(t: number, done: number): void {
    const last = this.samples.at(-1);
    if (last && t <= last.t) {
      last.done = done;
      return;
    }
    this.samples.push({ t, done });
    // Keep one sample at or before the window's start, so the window is always covered.
    while (this.samples.length > 2 && this.samples[1]!.t <= t - this.windowMs) this.samples.shift();
  }

  /** Units per second over the window; null until two samples are apart in time. */
  perSecond(): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.t <= first.t) return null;
    return Math.max(0, last.done - first.done) / ((last.t - first.t) / 1000);
  }

  /** ms until `remaining` more are done at the current rate; null when nothing moves. */
  etaMs(remaining: number): number | null {
    if (remaining <= 0) return 0;
    const r = this.perSecond();
    return r && r > 0 ? (remaining / r) * 1000 : null;
  }
}

/** `hh:mm:ss` (elapsed time in a log line: fixed width, sorts as text). */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}
