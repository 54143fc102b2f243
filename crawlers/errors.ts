/**
 * Fetch failures: one stable code each, retryable or not by nature of the fault.
 * Messages name the URL first (`[GET] "url": …`) so a failure list is readable as is.
 */
import { NonRetryableError, RetryableError } from '../config/errors.ts';

const RETRYABLE = new Set([
  'fetch.timeout',
  'fetch.network',
  'fetch.http_5xx',
  'fetch.http_429',
  'fetch.truncated',
  'fetch.challenge_failed',
  'fetch.render_failed',
]);

export const FETCH_ERROR_CODES = [
  'fetch.timeout',
  'fetch.network',
  'fetch.http_5xx',
  'fetch.http_429',
  'fetch.http_404',
  'fetch.http_4xx',
  'fetch.truncated',
  'fetch.too_large',
  'fetch.redirect_loop',
  'fetch.too_many_redirects',
  'fetch.host_not_allowed',
  'fetch.private_address',
  'fetch.robots_disallowed',
  'fetch.challenge_failed',
  'fetch.render_failed',
  'fetch.browser_unavailable',
  'fetch.bad_redirect',
  'fetch.bad_url',
] as const;
export type FetchErrorCode = (typeof FETCH_ERROR_CODES)[number];

/**
 * Failures another attempt at the same URL cannot change: the page is gone (404, other 4xx), the
 * site forbids it (robots.txt) or its address is refused, its redirects go nowhere, it is over the
 * size cap. `xxgk retry --failed-fetches` skips them unless asked. Not here, though not retried by
 * the queue either: `fetch.browser_unavailable` (the machine lacked Chromium; fixed, a retry works).
 */
export const PERMANENT_FETCH_CODES: ReadonlySet<string> = new Set<FetchErrorCode>([
  'fetch.http_404',
  'fetch.http_4xx',
  'fetch.too_large',
  'fetch.redirect_loop',
  'fetch.too_many_redirects',
  'fetch.host_not_allowed',
  'fetch.private_address',
  'fetch.robots_disallowed',
  'fetch.bad_redirect',
  'fetch.bad_url',
]);

interface FetchErrorInfo {
  url: string;
  status?: number | null;
  /** Milliseconds the server asked us to wait (Retry-After), when it did. */
  retryAfterMs?: number | null;
  cause?: unknown;
}

export class RetryableFetchError extends RetryableError {
  readonly url: string;
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  constructor(code: FetchErrorCode, message: string, info: FetchErrorInfo) {
    super(code, message, { cause: info.cause });
    this.url = info.url;
    this.status = info.status ?? null;
    this.retryAfterMs = info.retryAfterMs ?? null;
  }
}

export class FatalFetchError extends NonRetryableError {
  readonly url: string;
  readonly status: number | null;
  constructor(code: FetchErrorCode, message: string, info: FetchErrorInfo) {
    super(code, message, { cause: info.cause });
    this.url = info.url;
    this.status = info.status ?? null;
  }
}

export type FetchError = RetryableFetchError | FatalFetchError;

export function fetchError(code: FetchErrorCode, info: FetchErrorInfo, detail: string): FetchError {
  const message = `[GET] "${info.url}": ${detail}`;
  return RETRYABLE.has(code)
    ? new RetryableFetchError(code, message, info)
    : new FatalFetchError(code, message, info);
}

export function isFetchError(err: unknown): err is FetchError {
  return err instanceof RetryableFetchError || err instanceof FatalFetchError;
}

/**
 * Chromium cannot start (missing, not executable, dies at launch): a missing prerequisite of this
 * machine, not a fault of the page. The fetcher reports it as `fetch.browser_unavailable`.
 */
export class BrowserUnavailableError extends NonRetryableError {
  readonly executablePath: string;
  constructor(executablePath: string, detail: string, cause?: unknown) {
    super(
      'browser.unavailable',
      `Chromium unavailable: ${detail}; install Debian's chromium or set XXGK_CHROMIUM_PATH`,
      { cause },
    );
    this.executablePath = executablePath;
  }
}
