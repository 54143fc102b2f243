/**
 * The end-of-run summary, pure: how long the crawl took, what it stored, extracted, loaded and lost
 * per stage, the retries, and why it ended. `crawl` and `demo` print it, on both queues.
 */
import type { Stage } from '../payloads.ts';
import { formatMs } from './job-limit.ts';
import type { StageTally } from './tally.ts';

/** Why a crawl stopped following its runs. */
export type EndReason = 'done' | 'stalled' | 'interrupted';

export interface RunLine {
  source: string | null;
  status: string;
  discovered: number;
  fetched: number;
  extracted: number;
  loaded: number;
  failed: number;
  error: string | null;
}

export interface RunSummary {
  reason: EndReason;
  /** The signal that interrupted the crawl, when one did. */
  signal?: string | null;
  /** The stall line (stall.ts `describeStall`), when the crawl stalled. */
  stall?: string | null;
  elapsedMs: number;
  runs: RunLine[];
  /** This process's jobs per stage; empty when other processes ran them. */
  stages: Partial<Record<Stage, StageTally>>;
}

const STAGE_ORDER: Stage[] = ['discover', 'fetch', 'extract', 'ocr', 'load'];

function total(runs: RunLine[], k: 'discovered' | 'fetched' | 'extracted' | 'loaded' | 'failed'): number {
  return runs.reduce((n, r) => n + Number(r[k]), 0);
}

function headline(s: RunSummary): string {
  const took = formatMs(s.elapsedMs);
  if (s.reason === 'interrupted')
    return `crawl interrupted${s.signal ? ` by ${s.signal}` : ''} after ${took}`;
  if (s.reason === 'stalled') return `crawl ended on a stall after ${took}`;
  const failed = s.runs.some((r) => r.status === 'failed');
  return `crawl finished${failed ? ' with failures' : ''} in ${took}`;
}

/** `runs: false` leaves out the line per run (a command that prints its own). */
export function formatRunSummary(s: RunSummary, opts: { runs?: boolean } = {}): string {
  const lines = [
    `${headline(s)} (ended: ${s.reason})`,
    `  discovered ${total(s.runs, 'discovered')} · stored ${total(s.runs, 'fetched')} · extracted ${total(s.runs, 'extracted')} · loaded ${total(s.runs, 'loaded')} · failed ${total(s.runs, 'failed')}`,
  ];
  const stages = STAGE_ORDER.filter((st) => s.stages[st]);
  if (stages.length > 0) {
    const per = (k: keyof StageTally) =>
      stages
        .filter((st) => s.stages[st]![k] > 0)
        .map((st) => `${st} ${s.stages[st]![k]}`)
        .join(', ');
    const sum = (k: keyof StageTally) => stages.reduce((n, st) => n + s.stages[st]![k], 0);
    lines.push(`  jobs done: ${per('done') || 'none'}`);
    lines.push(`  jobs failed: ${per('failed') || 'none'}`);
    lines.push(
      `  retries: ${sum('retried')}${sum('retried') > 0 ? ` (${per('retried')})` : ''}` +
        (sum('timedOut') > 0 ? ` · over the job time limit: ${sum('timedOut')} (${per('timedOut')})` : ''),
    );
  }
  if (s.stall) lines.push(`  ${s.stall}`);
  if (opts.runs !== false)
    for (const r of s.runs) lines.push(`  ${r.source ?? '?'}: ${r.status}${r.error ? ` — ${r.error}` : ''}`);
  if (s.reason === 'interrupted')
    lines.push('  nothing stored is lost: run the crawl again and it picks up what this one left');
  return `${lines.join('\n')}\n`;
}
