/** The hand-written golden records of the five seeds, and their values as a GeneratedReport. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cell, Finding, ReportRecord, TableKey } from '../../extractors/record.ts';
import type { ShortRow } from './compare.ts';
import { mulberry32 } from './prng.ts';
import { makeProse } from './prose.ts';
import type { GeneratedReport, ReportRaws, ReportValues, TemplateYear } from './types.ts';

export const GOLDEN_DIR = join(import.meta.dirname, '../unit/extractors/golden');
export const SEED_DIR = join(import.meta.dirname, '../fixtures/seeds');

export interface Golden {
  seed: string;
  status: ReportRecord['status'];
  meta: ReportRecord['meta'];
  /** Other acceptable titles (a title line the source prints twice, or with the agency). */
  title_accept?: string[];
  /** Meta fields the source text does not state plainly (e.g. no title line at all). */
  meta_unchecked?: (keyof ReportRecord['meta'])[];
  templates: Record<TableKey, TemplateYear>;
  cells: Cell[];
  short_rows?: ShortRow[];
  findings: Omit<Finding, 'message'>[];
}

export function loadGoldens(): { name: string; golden: Golden; text: string }[] {
  return readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith('.expected.json'))
    .sort()
    .map((f) => {
      const golden = JSON.parse(readFileSync(join(GOLDEN_DIR, f), 'utf8')) as Golden;
      return { name: f.slice(0, 3), golden, text: readFileSync(join(SEED_DIR, golden.seed), 'utf8') };
    });
}

/** A seed's values (and printed raws) as a report the shape renderers can print again. */
export function goldenToReport(g: Golden, index: number): GeneratedReport {
  const values = { active: {}, requests: {}, appeals: {} } as ReportValues;
  const raws: ReportRaws = { active: {}, requests: {}, appeals: {} };
  for (const c of g.cells) {
    values[c.table][c.row] = { ...values[c.table][c.row], [c.col]: c.value };
    const t = raws[c.table]!;
    if (c.raw !== '' && String(c.value) !== c.raw) t[c.row] = { ...t[c.row], [c.col]: c.raw };
  }
  // A short row is printed short again: its printed values fill the first columns, the last is left out.
  const omitted: GeneratedReport['omitted'] = [];
  for (const sr of g.short_rows ?? []) {
    const table = sr.table as TableKey;
    const cols = Object.keys(values[table][sr.row] ?? {});
    cols.forEach((col, i) => {
      values[table][sr.row]![col] = i < sr.values.length ? sr.values[i]! : null;
    });
    omitted.push({ table, row: sr.row, col: cols[cols.length - 1]! });
  }
  const year = g.meta.year ?? 2020;
  const agency = g.meta.agency ?? '区市场监管局';
  return {
    meta: {
      title: `${agency}${year}年政府信息公开工作年度报告`,
      agency,
      year,
      published_on: g.meta.published_on ?? `${year + 1}-01-20`,
      index_no: g.meta.index_no ?? `SEED${index}/${year + 1}-00001`,
    },
    templates: g.templates,
    values,
    omitted,
    raws,
    prose: makeProse(mulberry32(index), agency, year, values),
  };
}
