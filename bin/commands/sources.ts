/**
 * `xxgk sources`: adding and checking portals.
 * - `probe URL [--write FILE]`: recognise the CMS, infer the list, paging and detail page, print a
 *   declaration ready to paste (or append it to a sources file) and what it saw.
 * - `check [ID]`: validate the sources file strictly and dry-run discovery on each list's first page.
 * - `schema`: print the sources file's JSON Schema. `presets`: the CMS families and their defaults.
 */
import type { Command } from 'commander';
import { NonRetryableError } from '../../config/errors.ts';

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new NonRetryableError('cli.usage', `--${name} must be a non-negative integer, got "${v}"`);
  return n;
};

interface ProbeFlags {
  write?: string;
  id?: string;
  json: boolean;
  browser: boolean;
  allowPrivate: boolean;
  interval: number;
}

export function register(program: Command): void {
  const sources = program
    .command('sources')
    .description('probe a portal for a declaration; check declared sources');

  sources
    .command('probe <url>')
    .description('recognise the CMS of a list (or home) page and print a source declaration with what it saw')
    .option('--write <file>', 'append the declaration to this sources file (created if missing)')
    .option('--id <id>', 'id of the declared source (default: from the host and the list path)')
    .option('--json', 'print the whole probe report as JSON', false)
    .option('--no-browser', 'never render pages in Chromium')
    .option('--allow-private', 'allow loopback/private addresses (local test portals)', false)
    .option('--interval <ms>', 'milliseconds between requests to the site', int('interval'), 1000)
    .action(async (url: string, flags: ProbeFlags) => {
      const { loadSettings } = await import('../../config/settings.ts');
      const { createLogger } = await import('../../config/logger.ts');
      const { probe } = await import('../../crawlers/probe/index.ts');
      const { formatProbe } = await import('../../crawlers/probe/format.ts');
      const { openProbeSession } = await import('../../crawlers/probe/session.ts');
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        throw new NonRetryableError('cli.usage', `not a URL: "${url}"`);
      }
      const settings = loadSettings();
      const logger = createLogger(settings.logLevel);
      const session = openProbeSession(target.toString(), {
        userAgent: settings.userAgent,
        chromiumPath: settings.chromiumPath,
        browser: flags.browser,
        allowPrivate: flags.allowPrivate,
        intervalMs: flags.interval,
        logger,
      });
      try {
        const report = await probe(target.toString(), {
          fetcher: session.fetcher,
          canRender: session.canRender,
          allowPrivate: flags.allowPrivate,
          ...(flags.id ? { id: flags.id } : {}),
          onStep: (line) => logger.debug({ step: line }, 'probe'),
        });
        process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatProbe(report));
        if (!report.declaration) {
          process.exitCode = 1;
          return;
        }
        if (flags.write) {
          const { appendToSourcesFile } = await import('../../config/sources/write.ts');
          appendToSourcesFile(flags.write, report.declaration);
          process.stderr.write(`appended "${String(report.declaration.id)}" to ${flags.write}\n`);
        }
      } finally {
        await session.close();
      }
    });

  sources
    .command('check [id]')
    .description('validate the sources file and dry-run discovery on the first page of each list')
    .option('--file <file>', 'sources file (default: XXGK_SOURCES_FILE, else the default sources file)')
    .option('--lists <n>', 'lists checked per source', int('lists'), 1)
    .option('--no-browser', 'never render pages in Chromium')
    .option('--offline', 'validate only, fetch nothing', false)
    .action(
      async (
        id: string | undefined,
        flags: { file?: string; lists: number; browser: boolean; offline: boolean },
      ) => {
        const { loadSettings } = await import('../../config/settings.ts');
        const { createLogger } = await import('../../config/logger.ts');
        const { DEFAULT_SOURCES_FILE, loadSources } = await import('../../config/sources/load.ts');
        const settings = loadSettings();
        const file = flags.file ?? settings.sourcesFile ?? DEFAULT_SOURCES_FILE;
        const all = loadSources(file);
        const picked = id ? all.filter((s) => s.id === id) : all;
        if (id && picked.length === 0)
          throw new NonRetryableError(
            'cli.source',
            `${file}: no source "${id}" (declared: ${all.map((s) => s.id).join(', ')})`,
          );
        process.stdout.write(`${file}: ${all.length} source(s), all valid\n`);
        if (flags.offline) return;
        const { checkFailed, checkSource, formatCheck } = await import('../../crawlers/discover/check.ts');
        const { openSession } = await import('../../crawlers/probe/session.ts');
        const session = openSession(picked, {
          userAgent: settings.userAgent,
          chromiumPath: settings.chromiumPath,
          browser: flags.browser,
          logger: createLogger(settings.logLevel),
        });
        try {
          for (const source of picked) {
            const result = await checkSource(source, session.fetcher, { maxLists: flags.lists });
            process.stdout.write(formatCheck(source, result));
            if (checkFailed(result)) process.exitCode = 1;
          }
        } finally {
          await session.close();
        }
      },
    );

  sources
    .command('schema')
    .description('print the JSON Schema of sources files')
    .action(async () => {
      const { sourcesJsonSchema } = await import('../../config/sources/json-schema.ts');
      process.stdout.write(`${JSON.stringify(sourcesJsonSchema(), null, 2)}\n`);
    });

  sources
    .command('presets')
    .description('list the CMS families a declaration can start from, with their defaults')
    .action(async () => {
      const { PRESETS } = await import('../../config/sources/presets.ts');
      for (const [name, preset] of Object.entries(PRESETS))
        process.stdout.write(`${name}\n${JSON.stringify(preset, null, 2).replace(/^/gm, '  ')}\n`);
    });
}
