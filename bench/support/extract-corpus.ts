/**
 * The extract bench's corpus (bench/extract.ts), shared with the records comparison
 * (bench/support/same-records.ts) so both read the very same reports: 1 in 10 a real seed, 1 in
 * 10 a seed's values re-rendered in a shape, the rest generated reports in every shape, lazily.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateReport } from '../../test/support/generate.ts';
import { goldenToReport, loadGoldens } from '../../test/support/golden.ts';
import { SHAPES } from '../../test/support/render/index.ts';

export const SHAPE_ENTRIES = Object.entries(SHAPES);
export const DEFAULT_SEED_DIR = join(import.meta.dirname, '../../test/fixtures/seeds');

export interface Seeds {
  texts: string[];
  reports: ReturnType<typeof goldenToReport>[];
}

export function loadSeeds(dir: string): Seeds {
  if (!existsSync(dir)) return { texts: [], reports: [] };
  const texts = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
  const reports = loadGoldens().map(({ golden }, i) => goldenToReport(golden, i));
  return { texts, reports };
}

/** `total` reports, lazily, each with its kind (`seed`, `seed-as-<shape>` or the shape). */
export function* extractCorpus(total: number, seeds: Seeds): Generator<{ kind: string; text: string }> {
  for (let i = 0; i < total; i++) {
    const [shape, render] = SHAPE_ENTRIES[i % SHAPE_ENTRIES.length]!;
    if (seeds.texts.length && i % 10 === 0)
      yield { kind: 'seed', text: seeds.texts[(i / 10) % seeds.texts.length]! };
    else if (seeds.reports.length && i % 10 === 1)
      yield {
        kind: `seed-as-${shape}`,
        text: render(seeds.reports[Math.floor(i / 10) % seeds.reports.length]!),
      };
    else yield { kind: shape, text: render(generateReport(i, i % 7 === 3 ? { template: '2019' } : {})) };
  }
}
