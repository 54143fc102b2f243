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
  // Agencies that add subtotal rows (（三）不予公开 with its own numbers): denied_subtotal etc.
  const subtotals = [0, 1, 2, 3].map((i) => ({
    name: `generated ${1200 + i} with subtotal rows`,
    report: generateReport(1200 + i, { subtotals: true, year: i < 2 ? 2020 : 2022 }),
  }));
  return [
    ...seeds,
    ...generated,
    ...subtotals,
    { name: 'generated 1100 with a blank appeals row', report: blank },
  ];
}
