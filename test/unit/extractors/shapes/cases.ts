/** The reports every shape test renders: the five seeds' values and 30 generated reports. */
import { type GeneratedReport, generateReport } from '../../../support/generate.ts';
import { goldenToReport, loadGoldens } from '../../../support/golden.ts';

export interface ShapeCase {
  name: string;
  report: GeneratedReport;
}

export function shapeCases(): ShapeCase[] {
  const seeds = loadGoldens().map(({ name, golden }, i) => ({
    name: `seed ${name}`,
    report: goldenToReport(golden, i),
  }));
  const generated = Array.from({ length: 30 }, (_, i) => {
    const seed = 1000 + i;
    // Every fifth report is a 2021+ report still printed in the 2019 template (like seed 004).
    const opts = i % 5 === 4 ? { year: 2021 + (i % 3), template: '2019' as const } : {};
    return { name: `generated ${seed}`, report: generateReport(seed, opts) };
  });
  // An appeals table whose one data row is printed entirely blank: the table is there, all 15 cells null.
  const blank = generateReport(1100);
  blank.values.appeals.cases = Object.fromEntries(
    Object.keys(blank.values.appeals.cases!).map((c) => [c, null]),
  );
  return [...seeds, ...generated, { name: 'generated 1100 with a blank appeals row', report: blank }];
}
