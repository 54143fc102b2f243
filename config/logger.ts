import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs on stderr (stdout belongs to command output such as JSON).
 * Secrets never reach a log line: connection strings and auth headers are redacted by path.
 */
export function createLogger(level = 'info', bindings: Record<string, unknown> = {}): Logger {
  return pino(
    {
      level,
      base: { ...bindings },
      redact: {
        paths: [
          'databaseUrl',
          'redisUrl',
          '*.databaseUrl',
          '*.redisUrl',
          'connectionString',
          '*.connectionString',
          'headers.authorization',
          'headers.cookie',
          '*.headers.authorization',
          '*.headers.cookie',
        ],
        censor: '***',
      },
    },
    pino.destination(2),
  );
}

/** A logger that prints nothing, for library use and tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
