import { NonRetryableError, RetryableError, XxgkError } from '../config/errors.ts';

/** SQLSTATE classes worth retrying: connection loss, serialization failure, deadlock, lock timeout. */
const RETRYABLE_SQLSTATE = /^(08|40|55P03|57P0)/;

/** A database failure; carries the statement (truncated) and parameter count, never the values' bytes. */
export class DbError extends XxgkError {
  readonly sqlstate: string | undefined;

  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; retryable?: boolean; sqlstate?: string } = {},
  ) {
    super(code, message, options);
    this.sqlstate = options.sqlstate;
  }

  static fromQuery(sql: string, params: unknown[], cause: unknown): DbError {
    const sqlstate = (cause as { code?: string })?.code;
    const head = sql.replace(/\s+/g, ' ').trim().slice(0, 160);
    const msg = `${(cause as Error)?.message ?? String(cause)} [query: ${head}${params.length ? `; ${params.length} params` : ''}]`;
    const retryable = typeof sqlstate === 'string' && RETRYABLE_SQLSTATE.test(sqlstate);
    return new DbError(sqlstate === '25006' ? 'db.read_only' : 'db.query', msg, {
      cause,
      retryable,
      sqlstate,
    });
  }
}

/** A record or argument the repository cannot store. */
export class DbInputError extends NonRetryableError {}

/** The database is busy or unreachable. */
export class DbUnavailableError extends RetryableError {}
