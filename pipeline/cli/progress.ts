/**
 * Live crawl progress: cli-progress bars on an interactive terminal (fetched, extracted and loaded
 * against discovered); off a terminal (logs, CI, pipes) a heartbeat line at a steady interval
 * (XXGK_PROGRESS_INTERVAL_MS) with elapsed time, rate and ETA (control/heartbeat.ts), printed by a
 * timer of its own so it keeps coming while the crawl waits on anything.
 */
import cliProgress from 'cli-progress';
import { formatHeartbeat, Heartbeat } from '../control/heartbeat.ts';
import type { Progress } from '../runs.ts';

export interface ProgressView {
  update(p: Progress): void;
  stop(): void;
}

export interface ProgressViewOptions {
  /** Heartbeat interval off a terminal, ms. */
  intervalMs?: number;
  /** Fetch jobs still to do (queued, running, waiting to retry), for the ETA. */
  pending?: () => Promise<number>;
  /** The line's first word: `crawl`, `demo`. */
  label?: string;
  now?: () => number;
}

export function formatProgress(p: Progress): string {
  return `discovered ${p.discovered} · fetched ${p.fetched} · extracted ${p.extracted} · loaded ${p.loaded} · failed ${p.failed}`;
}

export function createProgressView(
  stream: NodeJS.WriteStream = process.stderr,
  opts: ProgressViewOptions = {},
): ProgressView {
  if (!stream.isTTY) return heartbeatView(stream, opts);
  const multi = new cliProgress.MultiBar(
    {
      stream,
      format: ' {stage} |{bar}| {value}/{total}  {note}',
      hideCursor: true,
      clearOnComplete: false,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = {
    fetched: multi.create(0, 0, { stage: 'fetched  ', note: '' }),
    extracted: multi.create(0, 0, { stage: 'extracted', note: '' }),
    loaded: multi.create(0, 0, { stage: 'loaded   ', note: '' }),
  };
  return {
    update(p) {
      const total = Math.max(p.discovered, p.fetched, 1);
      for (const [k, bar] of Object.entries(bars) as Array<[keyof typeof bars, cliProgress.SingleBar]>) {
        bar.setTotal(total);
        bar.update(p[k], { note: k === 'loaded' ? `failed ${p.failed}` : '' });
      }
    },
    stop() {
      multi.stop();
    },
  };
}

function heartbeatView(stream: NodeJS.WritableStream, opts: ProgressViewOptions): ProgressView {
  const now = opts.now ?? Date.now;
  const beat = new Heartbeat(now());
  let latest: Progress = { discovered: 0, fetched: 0, extracted: 0, loaded: 0, failed: 0 };
  let writing = false;
  const timer = setInterval(() => {
    if (writing) return;
    writing = true;
    (opts.pending ? opts.pending().catch(() => null) : Promise.resolve(null))
      .then((pending) => {
        stream.write(`${formatHeartbeat(beat.line(now(), latest, pending), opts.label)}\n`);
      })
      .finally(() => {
        writing = false;
      });
  }, opts.intervalMs ?? 10_000);
  // The heartbeat never keeps a finished command alive.
  timer.unref();
  return {
    update(p) {
      latest = p;
      beat.sample(now(), p);
    },
    stop() {
      clearInterval(timer);
    },
  };
}
