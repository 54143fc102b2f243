/**
 * What the loader derives from a record's cells before writing it: their COPY block, the record's
 * hash, how many there are, whether any was read from a scan (cell_scans rows) and whether all are
 * valid. Pure, and computable wherever the record is: the pipeline's extraction thread computes
 * them beside the extractor and hands them back with the record (pipeline/extract-pool.ts), so the
 * thread that fetches, stores and loads neither re-derives them nor builds the two hundred cell
 * objects a report has (their parse and their garbage were a tenth of its time).
 *
 * Kept with the record object (a WeakMap): a record is not changed once extracted, and one whose
 * inputs were not handed over gets them computed here when loaded, with the same functions.
 */
import type { ReportRecord } from '../extractors/record.ts';
import { cellBlock, recordHash } from './content-hash.ts';
import { keyFigures } from './key-figures.ts';
import { cellIssue } from './validate.ts';

export interface LoadInputs {
  /** The cells as COPY line tails (content-hash.ts cellBlock). */
  block: string;
  /** recordHash over the record and that block. */
  hash: string;
  /** record.cells.length. */
  cells: number;
  /** Some cell carries a scan position (page and box: a cell_scans row). */
  scans: boolean;
  /** Every cell passes `cellIssue` (false: validation looks at them again, to name the first bad one). */
  cellsValid: boolean;
  /**
   * keyFigures(record), the report row's cross-year columns (only with valid cells): read off the
   * cells on the thread that has them, so the loading thread does not parse a page's cells for
   * eight numbers (it did, for every report: a twentieth of its time with the garbage).
   */
  figures?: Array<number | null>;
}

const GIVEN = new WeakMap<object, LoadInputs>();

/** The record's load inputs, computed from it (pure; what the extraction thread runs). */
export function computeLoadInputs(r: ReportRecord): LoadInputs {
  let scans = false;
  let cellsValid = Array.isArray(r.cells);
  if (cellsValid)
    for (const c of r.cells) {
      if (cellIssue(c) !== null) {
        cellsValid = false;
        break;
      }
      if (c.source && c.source.page !== undefined && c.source.box) scans = true;
    }
  if (!cellsValid)
    return { block: '', hash: '', cells: Array.isArray(r.cells) ? r.cells.length : 0, scans, cellsValid };
  const block = cellBlock(r);
  return {
    block,
    hash: recordHash(r, block),
    cells: r.cells.length,
    scans,
    cellsValid,
    figures: keyFigures(r),
  };
}

/** Inputs computed elsewhere for this record object (the extraction thread's), used instead of its cells. */
export function giveLoadInputs(r: ReportRecord, inputs: LoadInputs): void {
  GIVEN.set(r, inputs);
}

/** The record's cells were replaced: what was handed over no longer describes them. */
export function dropLoadInputs(r: ReportRecord): void {
  GIVEN.delete(r);
}

/** The inputs handed over with this record, if any. */
export function givenLoadInputs(r: ReportRecord): LoadInputs | undefined {
  return GIVEN.get(r);
}

/** How many cells the record has, without reading them when its inputs were handed over. */
export function cellCount(r: ReportRecord): number {
  return GIVEN.get(r)?.cells ?? r.cells.length;
}

/** The block and hash the loader writes: handed over, or computed now (its cells already validated). */
export function blockAndHash(r: ReportRecord): { block: string; hash: string } {
  const given = GIVEN.get(r);
  if (given?.cellsValid) return given;
  const block = cellBlock(r);
  return { block, hash: recordHash(r, block) };
}

/** The report row's key figures: handed over with valid cells, or read off the cells now. */
export function figuresOf(r: ReportRecord): Array<number | null> {
  const given = GIVEN.get(r);
  return (given?.cellsValid && given.figures) || keyFigures(r);
}

/** Whether the record may have cell_scans rows (false only when its inputs say none). */
export function mayHaveScans(r: ReportRecord): boolean {
  return GIVEN.get(r)?.scans ?? true;
}
