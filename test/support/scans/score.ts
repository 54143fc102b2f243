/** Right, missing and wrong cells of an OCR'd record against the report it was drawn from. */
import type { MissCause } from '../../../extractors/ocr/apply.ts';
import type { OcrCell } from '../../../extractors/ocr/read.ts';
import type { Cell, ReportRecord } from '../../../extractors/record.ts';

export interface Score {
  right: number;
  missing: number;
  wrong: number;
  total: number;
  /** Wrong cells, for the message of a failing test. */
  wrongCells: string[];
  /** Null cells with no finding saying why. */
  unexplained: string[];
}

export function scoreCells(truth: Cell[], record: ReportRecord): Score {
  const got = new Map(record.cells.map((c) => [`${c.table}/${c.row}/${c.col}`, c]));
  const why = new Set(
    record.findings.flatMap((f) => [
      `${f.table}/${f.row}/${f.col}`,
      `${f.table}/${f.row}/null`,
      `${f.table}/null/null`,
    ]),
  );
  const s: Score = { right: 0, missing: 0, wrong: 0, total: truth.length, wrongCells: [], unexplained: [] };
  for (const t of truth) {
    const k = `${t.table}/${t.row}/${t.col}`;
    const c = got.get(k);
    if (c && c.value === t.value) s.right++;
    else if (!c || c.value === null) {
      s.missing++;
      if (!why.has(k) && !why.has(`${t.table}/${t.row}/null`) && !why.has(`${t.table}/null/null`))
        s.unexplained.push(k);
    } else {
      s.wrong++;
      s.wrongCells.push(`${k}: printed ${t.raw}, got ${c.raw} (${c.value})`);
    }
  }
  return s;
}

/** One line of the breakdown of missing cells: a cause and how many cells it left empty. */
export type MissKind =
  | 'table not found'
  | 'row not rebuilt (short/long/ambiguous)'
  | 'row label not matched: row nulled'
  | 'reading uncertain, under the seal'
  | 'reading uncertain'
  | 'identity check nulled'
  | 'read, not a number'
  | 'read as blank'
  | 'no cell placed, no finding'
  | 'no cause recorded';

export interface Miss {
  key: string;
  kind: MissKind;
  /** The finer reason (the readings' verdict, the row's finding code). */
  detail: string;
  printed: string;
  /** What OCR read in the cell, if a cell of the scan was placed there. */
  reading: string;
}

/**
 * Each missing cell's cause: what `explainOcr` recorded when it left the cell empty, refined with
 * what was read there (an uncertain reading whose cell lies under the seal the scan was stamped
 * with; a cell read as blank). `cellOf` gives the OCR cell a record cell was read from.
 */
export function classifyMisses(
  truth: Cell[],
  record: ReportRecord,
  causes: Map<string, MissCause>,
  cellOf: (c: Cell) => OcrCell | undefined,
  seals: Seal[],
): Miss[] {
  const got = new Map(record.cells.map((c) => [`${c.table}/${c.row}/${c.col}`, c]));
  const out: Miss[] = [];
  for (const t of truth) {
    const k = `${t.table}/${t.row}/${t.col}`;
    const c = got.get(k);
    // Right (a blank read blank too), or wrong: not a miss.
    if (c && (c.value === t.value || c.value !== null)) continue;
    const oc = c ? cellOf(c) : undefined;
    const cause = causes.get(k);
    const printed = t.raw ?? '';
    const rowCodes = () =>
      [
        ...new Set(
          record.findings
            .filter((f) => f.table === t.table && f.row === t.row && f.code.startsWith('table.'))
            .map((f) => f.code),
        ),
      ].join(',') || 'no row finding';
    let kind: MissKind;
    let detail = '';
    switch (cause) {
      case 'table':
        kind = 'table not found';
        break;
      case 'row':
        kind = 'row not rebuilt (short/long/ambiguous)';
        detail = rowCodes();
        break;
      case 'label':
        kind = 'row label not matched: row nulled';
        break;
      case 'reading':
        kind =
          oc && seals.some((s) => underSeal(oc, s))
            ? 'reading uncertain, under the seal'
            : 'reading uncertain';
        detail = verdict(oc?.why ?? '');
        break;
      case 'identity':
        kind = 'identity check nulled';
        break;
      case 'not_number':
        kind = 'read, not a number';
        detail = oc ? `"${oc.reading}"` : '';
        break;
      case 'unplaced':
        kind = 'no cell placed, no finding';
        break;
      default:
        kind = oc && oc.status === 'blank' ? 'read as blank' : 'no cause recorded';
    }
    out.push({ key: k, kind, detail, printed, reading: oc?.reading ?? '' });
  }
  return out;
}

/** A seal as the scan drew it: page, centre and radius in page pixels. */
export interface Seal {
  page: number;
  x: number;
  y: number;
  r: number;
}

/** The seal damage.ts stamps on a value: centred on it (± half its height), radius 3.2 × its height. */
export function sealOver(p: { page: number; x: number; y: number; w: number; h: number }): Seal {
  return { page: p.page, x: p.x + p.w / 2, y: p.y + p.h / 2, r: p.h * 3.7 };
}

function underSeal(oc: OcrCell, s: Seal): boolean {
  if (oc.page !== s.page) return false;
  const nx = Math.max(oc.box.x, Math.min(s.x, oc.box.x + oc.box.w));
  const ny = Math.max(oc.box.y, Math.min(s.y, oc.box.y + oc.box.h));
  return (nx - s.x) ** 2 + (ny - s.y) ** 2 <= s.r ** 2;
}

/** The readings' verdict without the readings: "readings disagree", "confidence N < 80", … */
function verdict(why: string): string {
  return why
    .replace(/\([^()]*(\([^()]*\)[^()]*)*\)/g, '')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+/g, 'N')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The breakdown of misses as counts: kind → count, and kind → detail → count. */
export function tallyMisses(misses: Miss[]): Map<MissKind, { n: number; details: Map<string, number> }> {
  const out = new Map<MissKind, { n: number; details: Map<string, number> }>();
  for (const m of misses) {
    const e = out.get(m.kind) ?? { n: 0, details: new Map<string, number>() };
    e.n++;
    if (m.detail) e.details.set(m.detail, (e.details.get(m.detail) ?? 0) + 1);
    out.set(m.kind, e);
  }
  return out;
}
