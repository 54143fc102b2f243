/** What every pipeline command does first: settings from env/config file, a logger, the pipeline. */

import { NonRetryableError } from '../../config/errors.ts';
import { createLogger, type Logger } from '../../config/logger.ts';
import { loadSettings, redactUrl, type Settings } from '../../config/settings.ts';
import type { Source } from '../../config/sources/schema.ts';
import type { OpenPipelineOptions, PipelineContext } from '../wiring.ts';

export function commandSettings(overrides: Parameters<typeof loadSettings>[0] = {}): {
  settings: Settings;
  logger: Logger;
} {
  const settings = loadSettings(overrides);
  const logger = createLogger(settings.logLevel);
  logger.debug(
    {
      databaseUrl: redactUrl(settings.databaseUrl) ?? `pglite:${settings.dataDir}`,
      redisUrl: redactUrl(settings.redisUrl) ?? null,
    },
    'settings',
  );
  return { settings, logger };
}

export async function openFromCli(
  settings: Settings,
  logger: Logger,
  opts: Omit<OpenPipelineOptions, 'logger'> = {},
): Promise<PipelineContext> {
  // The wiring pulls in every stage (crawlers, playwright-core, BullMQ, the extractor): loaded here,
  // not at the top, so commands that only need commandSettings (`status`, `dashboard`) skip it.
  const { openPipeline } = await import('../wiring.ts');
  return openPipeline(settings, { logger, ...opts });
}

/** Sources named by --source (repeatable or comma-separated); all of them when none is named. */
export function pickSources(all: Source[], names: string[] | undefined): Source[] {
  const wanted = (names ?? [])
    .flatMap((n) => n.split(','))
    .map((n) => n.trim())
    .filter(Boolean);
  if (wanted.length === 0) return all;
  const unknown = wanted.filter((n) => !all.some((s) => s.id === n));
  if (unknown.length > 0) {
    throw new NonRetryableError(
      'cli.source',
      `--source ${unknown.join(', ')}: unknown source (known: ${all.map((s) => s.id).join(', ')})`,
    );
  }
  return all.filter((s) => wanted.includes(s.id));
}
