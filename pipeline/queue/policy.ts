/** Retry policy per stage, shared by both queue implementations so they behave alike. */
import type { Stage } from '../payloads.ts';
import type { RetryPolicy } from './types.ts';

export const DEFAULT_RETRY: Record<Stage, RetryPolicy> = {
  // List pages and documents come over the network: 5xx bursts and timeouts pass.
  discover: { attempts: 4, backoffMs: 2_000 },
  fetch: { attempts: 5, backoffMs: 1_000 },
  // Extraction is pure: a retry only helps after a crash mid-job.
  extract: { attempts: 2, backoffMs: 500 },
  // OCR runs engines as child processes: an engine missing or killed may do better on another worker.
  ocr: { attempts: 2, backoffMs: 5_000 },
  // Loads may hit a lock or a dropped connection.
  load: { attempts: 4, backoffMs: 500 },
};

/** Exponential backoff: backoffMs · 2^(attempt-1). */
export function backoffDelay(policy: RetryPolicy, attemptsMade: number): number {
  return policy.backoffMs * 2 ** Math.max(0, attemptsMade - 1);
}

/** Whether an error is worth another attempt: XxgkError says so itself; unknown errors are retried. */
export function isRetryable(err: unknown): boolean {
  if (err && typeof err === 'object' && 'retryable' in err && typeof err.retryable === 'boolean') {
    return err.retryable;
  }
  return true;
}
