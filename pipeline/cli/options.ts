/**
 * Option parsers the command modules need while registering, before any action runs. Kept free of
 * heavy imports so that `xxgk --help` (and every command's registration) stays cheap: see bin/README.md.
 * A value they refuse becomes commander's one-line usage error naming the option (`option '--report
 * <id>' argument 'abc' is invalid. not a positive integer`), exit 2 — never a NaN sent on to SQL.
 */
import { InvalidArgumentError } from 'commander';

/** Repeatable option (`--source a --source b`): commander calls this once per occurrence. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** An id or a count: digits only (`12abc`, `1e3`, `-1`, `0` refused; parseInt would take `12abc` as 12). */
export function positiveInt(value: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('not a positive integer');
  return n;
}

/** A TCP port (1–65535). */
export function port(value: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > 65_535) throw new InvalidArgumentError('not a TCP port (1-65535)');
  return n;
}

/** Comma-separated years (`2019,2020`), each a four-digit year. */
export function yearList(value: string): number[] {
  const parts = value.split(',').map((y) => y.trim());
  const bad = parts.filter((y) => !/^(19|20)\d\d$/.test(y));
  if (parts.length === 0 || bad.length > 0)
    throw new InvalidArgumentError(`not a comma-separated list of years (${bad.join(', ') || 'empty'})`);
  return parts.map(Number);
}
