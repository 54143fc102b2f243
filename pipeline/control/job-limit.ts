/**
 * A stage job's time limit, and the ways a job is ended from outside: its limit passes, the run
 * declares it stuck (stall.ts), or the process shuts down. Both queue backends run every handler
 * through the runner, which races it here, so the limit and the errors are the same on both.
 *
 * A handler cannot be cancelled midway (a fetch, a parser in a worker thread): the job is failed at
 * once and its work is left to end by its own caps (the fetcher's timeout, the parser's), its result
 * ignored. Every stage is idempotent, so a late write of an abandoned attempt is harmless.
 */
import { NonRetryableError, RetryableError } from '../../config/errors.ts';
import type { Stage } from '../payloads.ts';

/** The job ran past its time limit: retried like a timeout of the network. */
export class JobTimeoutError extends RetryableError {}
/** The run saw no progress while the job ran and failed it (XXGK_STALL_ACTION=fail): not retried. */
export class JobStalledError extends NonRetryableError {}
/** The process is shutting down (Ctrl-C, SIGTERM): the job runs again in a later crawl. */
export class JobInterruptedError extends RetryableError {}

/** Limits per stage (0: none); discover list walks have their own (see config/settings.ts). */
export interface JobTimeouts {
  /** discover jobs that resolve a source's lists, and fetch, extract, load jobs */
  default: number;
  /** discover jobs that walk one list */
  listWalk: number;
  ocr: number;
}

export function timeoutFor(t: JobTimeouts, stage: Stage, payload: unknown): number {
  if (stage === 'ocr') return t.ocr;
  if (stage === 'discover' && payload && typeof payload === 'object' && 'list' in payload && payload.list)
    return t.listWalk;
  return t.default;
}

/** What the messages name: the stage and the page, or the source for a job that has no URL. */
export function jobLabel(stage: Stage, payload: unknown): string {
  const p = (payload ?? {}) as { url?: unknown; source?: unknown; list?: { url?: unknown } | null };
  const where =
    typeof p.url === 'string'
      ? p.url
      : typeof p.list?.url === 'string'
        ? `list ${p.list.url}`
        : `source ${String(p.source ?? '?')}`;
  return `${stage} ${where}`;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/**
 * Runs `work` until it settles, its time limit passes (JobTimeoutError naming the job) or `signal`
 * aborts (its reason is thrown). The abandoned work's rejection is swallowed: it would otherwise
 * surface as an unhandled rejection and take the process down with it. `onAbandon` is told when
 * the work is abandoned (with the error thrown), so it can stop what it runs (a child process).
 */
export function withTimeLimit<T>(
  work: Promise<T>,
  opts: { timeoutMs: number; label: string; signal?: AbortSignal; onAbandon?: (reason: unknown) => void },
): Promise<T> {
  const { timeoutMs, label, signal, onAbandon } = opts;
  if (timeoutMs <= 0 && !signal) return work;
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      done();
      work.catch(() => {});
      onAbandon?.(signal!.reason);
      reject(signal!.reason);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs > 0) {
      timer = setTimeout(() => {
        done();
        work.catch(() => {});
        const reason = new JobTimeoutError(
          'job.timeout',
          `${label}: no result within ${formatMs(timeoutMs)} (job time limit)`,
        );
        onAbandon?.(reason);
        reject(reason);
      }, timeoutMs);
    }
    work.then(
      (v) => {
        done();
        resolve(v);
      },
      (e) => {
        done();
        reject(e);
      },
    );
  });
}
