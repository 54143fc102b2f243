/** `xxgk load FILE|DIR…`: extract local report files and load them into the dataset. */
import type { Command } from 'commander';
import type { ExtractFn } from '../../db/index.ts';

/** The extractor is imported lazily by path: `load` must not break the CLI while it is being built. */
const EXTRACTOR_MODULE = '../../extractors/index.ts';

interface ExtractorModule {
  extractBytes: ExtractFn;
  EXTRACTOR_VERSION: string;
}

export function register(program: Command): void {
  program
    .command('load')
    .description('Extract report files (or directories of them) and load them; re-loading is idempotent')
    .argument('<paths...>', 'report files or directories')
    .option(
      '--source <name>',
      'the portal the files come from (tells apart agencies with bare names, as crawls do)',
    )
    .option(
      '--region <place>',
      "the files' region, a GB/T 2260 code or name (赣州经开区): for agencies whose name has no place",
    )
    .action(async (paths: string[], opts: { source?: string; region?: string }) => {
      const extractor = (await import(EXTRACTOR_MODULE)) as ExtractorModule;
      const { SingleBar } = await import('cli-progress');
      const { loadSettings } = await import('../../config/settings.ts');
      const { loadFiles, migrate, openConfiguredDatabase } = await import('../../db/index.ts');
      const db = await openConfiguredDatabase(loadSettings());
      const bar = process.stderr.isTTY
        ? new SingleBar({
            format: 'load [{bar}] {value}/{total} {file}',
            stream: process.stderr,
            hideCursor: true,
          })
        : null;
      try {
        await migrate(db);
        let started = false;
        const summary = await loadFiles(db, paths, {
          extract: extractor.extractBytes,
          extractorVersion: extractor.EXTRACTOR_VERSION,
          source: opts.source ?? null,
          region: opts.region ?? null,
          onProgress: (done, total, file) => {
            if (!bar) return;
            if (!started) bar.start(total, 0, { file: '' });
            started = true;
            bar.update(done, { file: file.split('/').pop() });
          },
        });
        bar?.stop();
        const by = (o: string) => summary.loaded.filter((l) => l.outcome === o).length;
        process.stdout.write(
          `load: ${summary.loaded.length} loaded (${by('inserted')} inserted, ${by('revised')} revised, ` +
            `${by('replaced')} replaced, ${by('unchanged')} unchanged), ${summary.failed.length} failed\n`,
        );
        for (const f of summary.failed) process.stdout.write(`  failed ${f.file}: ${f.reason}\n`);
        if (summary.loaded.length === 0) process.exitCode = 1;
      } finally {
        bar?.stop();
        await db.close();
      }
    });
}
