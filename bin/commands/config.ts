/** `xxgk config [--json]`: the effective settings, where each came from (flag, env, file, default), secrets redacted. */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('config')
    .description('print the effective settings and where each came from (env, xxgk.config.json, default)')
    .option('--json', 'print JSON', false)
    .action(async (opts: { json: boolean }) => {
      const { describeSettings, formatSettings } = await import('../../config/describe.ts');
      const { resolveSettings } = await import('../../config/settings.ts');
      const described = describeSettings(resolveSettings());
      process.stdout.write(opts.json ? `${JSON.stringify(described, null, 2)}\n` : formatSettings(described));
    });
}
