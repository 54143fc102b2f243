/** Retry timing, pure: exponential backoff with jitter, and the server's Retry-After when it gave one. */

export interface BackoffPolicy {
  /** Delay before the first retry, before jitter. */
  baseMs: number;
  /** No single wait is longer than this, whatever the server asks. */
  maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 500, maxMs: 30_000 };

/**
 * Delay before retry number `attempt` (0 = first retry): base·2^attempt, scaled by a jitter factor in
 * [0.5, 1.5) so that workers that failed together do not come back together.
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exp = policy.baseMs * 2 ** Math.max(0, attempt);
  return Math.min(policy.maxMs, Math.round(exp * (0.5 + random())));
}

/** Retry-After is either delta-seconds or an HTTP date; anything else is ignored (null). */
export function parseRetryAfter(value: string | undefined | null, nowMs: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  if (!/[a-z]/i.test(v)) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/** The wait before the next attempt: the server's wish (capped) wins over our own backoff. */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | null,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== null) return Math.min(policy.maxMs, retryAfterMs);
  return backoffDelay(attempt, policy, random);
}
