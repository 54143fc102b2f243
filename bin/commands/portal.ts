/**
 * `xxgk portal`: serves the local test portal (a gzjkq.ganzhou.gov.cn look-alike with known true
 * values and injected faults) for manual poking, until Ctrl-C. `--sources-file` writes source
 * declarations pointing at it, for `XXGK_SOURCES_FILE=… xxgk crawl`.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { NonRetryableError } from '../../config/errors.ts';

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new NonRetryableError('cli.usage', `--${name} must be a non-negative integer, got "${v}"`);
  return n;
};

export function register(program: Command): void {
  program
    .command('portal')
    .description('serve the local test portal (known reports, faults) on loopback until interrupted')
    .option('--port <n>', 'port (default: a free one)', int('port'), 0)
    .option('--seed <n>', 'seed of the generated site', int('seed'), 20240101)
    .option('--agencies <n>', 'agencies with a static list', int('agencies'), 8)
    .option('--scale <n>', 'multiply the agencies (scale 40 → thousands of pages)', int('scale'), 1)
    .option('--no-faults', 'serve without the fault routes')
    .option('--sources-file <path>', 'write a sources file (JSON) pointing at the portal')
    .action(
      async (opts: {
        port: number;
        seed: number;
        agencies: number;
        scale: number;
        faults: boolean;
        sourcesFile?: string;
      }) => {
        // The local portal ships in test/portal/; only `portal` and `demo` load it, when they run.
        const { startPortal } = await import('../../test/portal/server.ts');
        const { portalSources } = await import('../../test/portal/sources.ts');
        const portal = await startPortal({
          port: opts.port,
          seed: opts.seed,
          agencies: opts.agencies,
          scale: opts.scale,
          faults: opts.faults,
        });
        const truth = portal.truthWithoutCells();
        process.stdout.write(
          `portal: ${portal.url}  (${truth.reports.length} annual reports in ${truth.lists.length} lists, faults ${opts.faults ? 'on' : 'off'})\n` +
            `  directory: ${portal.url}/jkqxxgk/bmxxgkml/index.shtml\n`,
        );
        if (opts.sourcesFile) {
          writeFileSync(
            opts.sourcesFile,
            `${JSON.stringify({ sources: portalSources(portal.url, truth, 50) }, null, 2)}\n`,
          );
          process.stdout.write(`  sources: ${opts.sourcesFile} (XXGK_SOURCES_FILE=${opts.sourcesFile})\n`);
        }
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await portal.close();
      },
    );
}
