/**
 * The chart tests' dataset: the five seed reports plus generated reports of agencies at several
 * levels and regions over 2019–2024, some years missing (coverage gaps), each rendered in the pipe
 * shape and extracted, as a crawl would store them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportRecord } from '../../../extractors/index.ts';
import { extractText } from '../../../extractors/index.ts';
import { generateReport } from '../../support/generate.ts';
import { SHAPES } from '../../support/render/index.ts';

const SEEDS = join(import.meta.dirname, '../../fixtures/seeds');

export interface ChartTestReport {
  file: string;
  record: ReportRecord;
}

/** Seed 002's agency renamed so that escaping in SVG text and tooltips is exercised on real data. */
export const ESCAPED_AGENCY = '海门区<市场>&监管局';

export function seedReports(): ChartTestReport[] {
  return readdirSync(SEEDS)
    .sort()
    .map((file) => ({
      file,
      record: extractText(readFileSync(join(SEEDS, file), 'utf8'), {
        agency: file.startsWith('002_') ? ESCAPED_AGENCY : undefined,
      }),
    }));
}

/** Agencies of a city, its districts and a town; each publishes the years listed. */
export const GENERATED_AGENCIES: Array<{ agency: string; years: number[] }> = [
  { agency: '江西省赣州市人民政府', years: [2019, 2020, 2021, 2022, 2023, 2024] },
  { agency: '赣州市财政局', years: [2019, 2020, 2021, 2022, 2023, 2024] },
  { agency: '赣州市教育局', years: [2020, 2021, 2023, 2024] },
  { agency: '赣州市章贡区人民政府', years: [2019, 2020, 2021, 2022, 2023, 2024] },
  { agency: '赣州市章贡区市场监督管理局', years: [2021, 2022, 2023, 2024] },
  { agency: '赣州市南康区交通运输局', years: [2019, 2020, 2022, 2023] },
  { agency: '赣州市南康区唐江镇人民政府', years: [2022, 2023, 2024] },
];

export function generatedReports(): ChartTestReport[] {
  const out: ChartTestReport[] = [];
  let seed = 9100;
  for (const { agency, years } of GENERATED_AGENCIES) {
    for (const year of years) {
      const report = generateReport(seed++, { agency, year });
      out.push({ file: `gen-${seed}-${year}.txt`, record: extractText(SHAPES.pipe!(report)) });
    }
  }
  return out;
}
