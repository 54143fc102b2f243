/**
 * The `xxgk` command line: one small module per command under bin/commands/, all logic elsewhere.
 * Exit codes: 0 success, 1 the work ran but failed, 2 bad input or usage.
 */
import { Command, CommanderError } from 'commander';
import { describeError, isXxgkError } from '../config/errors.ts';
import { commands } from './commands/index.ts';

export async function main(argv: string[]): Promise<void> {
  const program = new Command('xxgk')
    .description('Government disclosure annual reports → research dataset')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError();
  for (const register of commands) register(program);
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
