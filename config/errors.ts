/**
 * The one error base of xxgk. Every module throws a subclass with a stable `code`
 * (callers and operators match on it) and keeps the original `cause`.
 * `retryable` carries the policy: the queue retries only what may succeed later.
 */
export class XxgkError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** Bad input (a file, a page, a payload): retrying cannot help. */
export class NonRetryableError extends XxgkError {}

/** A transient fault (5xx, timeout, anti-bot challenge, lock): worth another try. */
export class RetryableError extends XxgkError {
  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { ...options, retryable: true });
  }
}

export function isXxgkError(err: unknown): err is XxgkError {
  return err instanceof XxgkError;
}

/** One line for an operator: `code: message` without a stack. */
export function describeError(err: unknown): string {
  if (err instanceof XxgkError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}
