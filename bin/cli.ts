/**
 * The `xxgk` command line: one small module per command under bin/commands/, all logic elsewhere.
 * Exit codes: 0 success, 1 the work ran but failed, 2 bad input or usage.
 */
import { constants } from 'node:os';
import { Command, CommanderError } from 'commander';
import { describeError, isXxgkError } from '../config/errors.ts';
import { commands } from './commands/index.ts';

/** 128 + SIGPIPE: the status a shell reports for `seq 1 100000 | head -1` under `pipefail`. */
export const EXIT_PIPE_CLOSED = 128 + constants.signals.SIGPIPE;

/**
 * Node ignores SIGPIPE, so a write to a pipe whose reader has gone (`xxgk sql … | head -1`) surfaces
 * as an EPIPE 'error' event; unhandled, it crashes with a stack trace. Installed once for the process
 * by the entry (bin/xxgk.mjs), not by `main`, so that `main` stays safe to call in-process.
 * - stdout closed: nobody reads the results any more, so stop at once, as a C program killed by
 *   SIGPIPE would, with the status a shell expects for that.
 * - stderr closed: only diagnostics are lost; keep working (pino does the same for its log stream)
 *   and keep the exit code the work earns.
 * Any other write error is a real failure: exit 1, with one line when the failing stream is stdout.
 */
export function handleClosedOutput(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT_PIPE_CLOSED);
    process.stderr.write(`xxgk: stdout: ${err.code ?? 'error'}: ${err.message}\n`);
    process.exit(1);
  });
  process.stderr.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') process.exit(1);
  });
}

/**
 * A usage error (bad option value, unknown option, missing argument) is one line naming the option
 * and where the usage is, like every other error: `xxgk: option '--report <id>' argument 'abc' is
 * invalid. not a report id: abc (see xxgk reextract --help)`. Commander's default prints the whole
 * help after it, which buries the line that says what was wrong.
 */
function oneLineUsageErrors(cmd: Command, path: string[] = []): void {
  const name = [...path, cmd.name()];
  cmd.showHelpAfterError(false).configureOutput({
    outputError: (str, write) =>
      write(`xxgk: ${str.trim().replace(/^error: /, '')} (see ${name.join(' ')} --help)\n`),
  });
  for (const sub of cmd.commands) oneLineUsageErrors(sub, name);
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command('xxgk')
    .description('Government disclosure annual reports → research dataset')
    .version('0.1.0')
    .exitOverride();
  for (const register of commands) register(program);
  oneLineUsageErrors(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`xxgk: ${describeError(err)}\n`);
    process.exitCode = isXxgkError(err) && !err.retryable ? 2 : 1;
  }
}
