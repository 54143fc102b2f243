/**
 * Live crawl progress: cli-progress bars on an interactive terminal (fetched, extracted and loaded
 * against discovered), one plain line every few seconds otherwise (logs, CI, pipes).
 */
import cliProgress from 'cli-progress';
import type { Progress } from '../runs.ts';

export interface ProgressView {
  update(p: Progress): void;
  stop(): void;
}

export function formatProgress(p: Progress): string {
  return `discovered ${p.discovered} · fetched ${p.fetched} · extracted ${p.extracted} · loaded ${p.loaded} · failed ${p.failed}`;
}

export function createProgressView(
  stream: NodeJS.WriteStream = process.stderr,
  intervalMs = 5000,
): ProgressView {
  if (!stream.isTTY) {
    let last = 0;
    let lastLine = '';
    return {
      update(p) {
        const line = formatProgress(p);
        if (line !== lastLine && Date.now() - last >= intervalMs) {
          stream.write(`crawl: ${line}\n`);
          last = Date.now();
          lastLine = line;
        }
      },
      stop() {},
    };
  }
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
