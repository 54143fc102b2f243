/**
 * Seeded report generator: realistic numbers (mostly small counts, some zeros, a few large
 * like 15213, money with decimals) that satisfy the spec's identities when `consistent`.
 * Deterministic from the seed; `expectedCells` is the record the extractor should return.
 */
import type { Cell, TableKey } from '../../extractors/record.ts';
import { TABLE_KEYS } from '../../extractors/record.ts';
import { TEMPLATES } from '../../extractors/templates/index.ts';
import { AGENCIES } from './agencies.ts';
import type { ShortRow } from './compare.ts';
import { cellText, formatDecimal, toFullWidth } from './format.ts';
import { mulberry32, type Rng } from './prng.ts';
import { makeProse } from './prose.ts';
import type { GeneratedReport, ReportRaws, ReportValues, TableValues, TemplateYear } from './types.ts';

export type { GeneratedReport } from './types.ts';

export interface GenerateOptions {
  year?: number;
  template?: TemplateYear;
  agency?: string;
  /** Default true. When false, a few totals are perturbed so identities break. */
  consistent?: boolean;
  /** Print the optional subtotal rows (denied_subtotal, …) some agencies add, each the sum of its rows. */
  subtotals?: boolean;
  /**
   * Busy agency: most cells non-zero, every column with several non-zero values (the scanned corpus:
   * an OCR test where most numbers are 0 proves little).
   */
  dense?: boolean;
}

const APPLICANTS = ['natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org'];

/** Mostly zeros and small counts, now and then a big one. */
function count(rng: Rng): number {
  const r = rng.next();
  if (r < 0.45) return 0;
  if (r < 0.85) return rng.int(1, 9);
  if (r < 0.97) return rng.int(10, 300);
  return rng.int(1000, 20000);
}

function activeValues(
  rng: Rng,
  version: TemplateYear,
  raws: Record<string, Record<string, string>>,
  dense = false,
): TableValues {
  const tpl = TEMPLATES.active[version];
  const setRaw = (row: string, col: string, raw: string) => {
    raws[row] = { ...raws[row], [col]: raw };
  };
  const out: TableValues = {};
  for (const row of tpl.rows) {
    const cells: Record<string, number | null> = {};
    for (const col of row.cols) {
      const kind = tpl.columns[col]!.kind;
      if (rng.chance(0.04)) {
        cells[col] = null;
        const marker = rng.pick(['', '', '无', '—', '/']);
        if (marker) setRaw(row.key, col, marker);
      } else if (kind === 'change') {
        const n = rng.chance(dense ? 0.1 : 0.6) ? 0 : rng.int(-40, 400);
        cells[col] = n;
        if (n > 0 && rng.chance(0.4)) setRaw(row.key, col, `${rng.pick(['+', '＋', '增'])}${n}`);
        if (n < 0 && rng.chance(0.3)) setRaw(row.key, col, `减${-n}`);
      } else if (kind === 'money') {
        const cents = rng.chance(0.3) ? 0 : rng.int(1, version === '2021' ? 5_000_000 : 500_000_000);
        if (version === '2021') {
          cells[col] = cents * 100; // the header says 万元: printed cents of 万元
        } else {
          cells[col] = cents / 100;
          const unit = rng.next();
          if (cents > 0 && unit < 0.2) setRaw(row.key, col, `${formatDecimal(cents / 100)}元`);
          else if (cents > 0 && unit < 0.3) {
            const wan = Math.round(cents / 100) / 10000; // whole yuan printed in 万元 with 4 places
            cells[col] = Math.round(wan * 10000);
            setRaw(row.key, col, `${String(wan)}万元`);
          }
        }
      } else {
        // Only decisions reach the tens of thousands (seed 000: 15213 licences); documents stay small.
        const n = col === 'decisions' ? count(rng) : Math.min(count(rng), rng.int(0, 60));
        cells[col] = dense && n === 0 ? rng.int(1, 40) : n;
      }
    }
    out[row.key] = cells;
  }
  return out;
}

function requestsValues(
  rng: Rng,
  version: TemplateYear,
  consistent: boolean,
  subtotals: boolean,
  dense = false,
): TableValues {
  const rows = TEMPLATES.requests[version].rows.filter((r) => !r.optional).map((r) => r.key);
  const results = rows.slice(rows.indexOf('granted'), rows.indexOf('handled_total'));
  const out: TableValues = Object.fromEntries(rows.map((r) => [r, {} as Record<string, number | null>]));
  const busy = rng.chance(0.15) ? 8 : 1;
  for (const col of APPLICANTS) {
    const active = dense ? 1 : col === 'natural_person' ? 0.9 : 0.25;
    let handled = 0;
    for (const r of results) {
      const n =
        rng.chance(active) && rng.chance(r === 'granted' || r === 'unable_not_held' ? 0.8 : dense ? 0.6 : 0.2)
          ? rng.int(1, 6 * busy)
          : 0;
      out[r]![col] = n;
      handled += n;
    }
    const forward = rng.chance(0.2) ? rng.int(1, 5) : 0;
    const over = rng.chance(0.2) ? rng.int(0, handled + forward) : 0;
    out.handled_total![col] = handled;
    out.carried_forward![col] = forward;
    out.carried_over![col] = over;
    out.new_received![col] = handled + forward - over;
  }
  for (const r of rows) out[r]!.total = APPLICANTS.reduce((s, c) => s + (out[r]![c] as number), 0);
  if (subtotals) {
    for (const sub of TEMPLATES.requests[version].rows.filter((r) => r.optional)) {
      const children = TEMPLATES.requests[version].rows.filter((r) => r.groups?.[1] === sub.label);
      out[sub.key] = Object.fromEntries(
        [...APPLICANTS, 'total'].map((c) => [
          c,
          children.reduce((s, r) => s + (out[r.key]![c] as number), 0),
        ]),
      );
    }
  }
  if (!consistent) {
    out.handled_total!.total = (out.handled_total!.total as number) + rng.int(1, 5);
    if (rng.chance(0.5)) out.new_received!.natural_person = (out.new_received!.natural_person as number) + 1;
  }
  return out;
}

function appealsValues(rng: Rng, consistent: boolean, dense = false): TableValues {
  const cells: Record<string, number | null> = {};
  for (const g of ['review', 'suit_direct', 'suit_after_review']) {
    let sum = 0;
    for (const o of ['upheld', 'corrected', 'other', 'pending']) {
      const n = rng.chance(dense ? 0.8 : 0.15) ? rng.int(1, dense ? 9 : 4) : 0;
      cells[`${g}_${o}`] = n;
      sum += n;
    }
    cells[`${g}_total`] = sum;
  }
  if (!consistent && rng.chance(0.5)) cells.review_total = (cells.review_total as number) + 1;
  return { cases: cells };
}

/** A few cells of a table printed with full-width digits (`１２`). */
function fullWidthCells(rng: Rng, table: TableValues): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [row, cells] of Object.entries(table)) {
    for (const [col, v] of Object.entries(cells)) {
      if (v !== null && rng.chance(0.2)) out[row] = { ...out[row], [col]: toFullWidth(String(v)) };
    }
  }
  return out;
}

/** Label noise of report-schema.md (`规    章`, `规章（市政府令）`, …), and seed 003's label broken over two lines. */
function noisyLabels(rng: Rng, version: TemplateYear): Record<string, string> | undefined {
  if (!rng.chance(0.3)) return undefined;
  const docs = version === '2019' ? '规范性文件' : '行政规范性文件';
  return {
    'active/regulations': rng.pick(['规    章', '规章（市政府令）', '规章\n（市政府令）', '规 章']),
    'active/normative_docs': rng.pick([
      `${docs}（有规范性文件登记号）`,
      `${docs}\n（有规范性文件登记号）`,
      docs,
    ]),
    'active/licensing': rng.pick(['行政许可', '行 政 许 可']),
  };
}

function isoDate(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function generateReport(seed: number, opts: GenerateOptions = {}): GeneratedReport {
  const rng = mulberry32(seed);
  const year = opts.year ?? rng.int(2019, 2024);
  const template: TemplateYear = opts.template ?? (year >= 2021 ? '2021' : '2019');
  const agency = opts.agency ?? rng.pick(AGENCIES);
  const consistent = opts.consistent ?? true;
  const activeRaws: Record<string, Record<string, string>> = {};
  const values: ReportValues = {
    active: activeValues(rng, template, activeRaws, opts.dense),
    requests: requestsValues(rng, template, consistent, opts.subtotals ?? false, opts.dense),
    appeals: appealsValues(rng, consistent, opts.dense),
  };
  const raws: ReportRaws = Object.keys(activeRaws).length ? { active: activeRaws } : {};
  if (rng.chance(0.1)) raws.requests = fullWidthCells(rng, values.requests);
  const labels = noisyLabels(rng, template);
  // Most reports appear in January of the next year; a few are late (meta.late).
  const late = rng.chance(0.1);
  const published_on = late
    ? isoDate(year + 1, rng.int(2, 6), rng.int(1, 28))
    : isoDate(year + 1, 1, rng.int(10, 31));
  const index_no = `${String(rng.int(10000000, 99999999))}MB${rng.int(1000, 9999)}/${year + 1}-${String(rng.int(1, 99999)).padStart(5, '0')}`;
  return {
    meta: { title: `${agency}${year}年政府信息公开工作年度报告`, agency, year, published_on, index_no },
    templates: { active: template, requests: template, appeals: template },
    values,
    raws,
    ...(labels ? { labels } : {}),
    prose: makeProse(rng, agency, year, values),
  };
}

/** Every cell of the report's template rows, in template order, with the printed text as `raw`. */
export function expectedCells(report: GeneratedReport): Cell[] {
  const cells: Cell[] = [];
  for (const table of TABLE_KEYS as readonly TableKey[]) {
    const tpl = TEMPLATES[table][report.templates[table]];
    for (const row of tpl.rows) {
      const vals = report.values[table][row.key];
      if (!vals) continue; // optional subtotal rows the report does not print
      for (const col of row.cols) {
        cells.push({
          table,
          row: row.key,
          col,
          value: vals[col] ?? null,
          raw: cellText(report, table, row.key, col).trim(),
        });
      }
    }
  }
  return cells;
}

/** The rows a report prints short (`omitted` cells), as compare.ts `ShortRow`s: the values the source does print. */
export function expectedShortRows(report: GeneratedReport): ShortRow[] {
  const rows = new Map<string, ShortRow>();
  for (const o of report.omitted ?? []) {
    const key = `${o.table}/${o.row}`;
    if (rows.has(key)) continue;
    const gone = new Set(
      (report.omitted ?? []).filter((x) => x.table === o.table && x.row === o.row).map((x) => x.col),
    );
    const printed = Object.entries(report.values[o.table][o.row] ?? {})
      .filter(([col, v]) => !gone.has(col) && v !== null)
      .map(([, v]) => v as number);
    rows.set(key, { table: o.table, row: o.row, values: printed });
  }
  return [...rows.values()];
}
