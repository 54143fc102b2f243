/**
 * The mangler's vocabulary. A case is a generated report, rendered in one base shape (text or
 * HTML), then damaged by a list of damage kinds applied in order. Every damage is a small pure
 * function of its input and a seeded PRNG (prng.ts), so a case is a pure function of its seed and
 * a failure replays exactly.
 *
 * Two stages: `report` damages change the report before it is rendered (how a cell is printed:
 * `增10`, `1276.5534万元`, a blank printed as spaces); the truth follows them, because the truth
 * is the damaged report's values. `text` damages change the rendered text or HTML (separator
 * lines, CRLF, spam lines, traditional characters…) and never change what the cells say.
 */
import type { TableKey } from '../../../extractors/record.ts';
import type { Rng } from '../prng.ts';
import type { GeneratedReport } from '../types.ts';

export type Format = 'text' | 'html';

export interface Mangled {
  /** The truth: the report as it is printed after the report-stage damages. */
  report: GeneratedReport;
  format: Format;
  /** The base shape it was rendered in (see bases.ts). */
  base: string;
  /** The input the extractor gets. Empty until the report is rendered. */
  text: string;
  /** Names of the damages applied, in order. */
  applied: string[];
  /**
   * Rows a damage cut out of the input (`lossy`): their cells are in the truth but not in the
   * text, so they can only come back null with a `table.missing` finding (scored "absent").
   */
  absent: AbsentRow[];
}

/** A template row (of the truth's template) whose cells are not in the input at all. */
export interface AbsentRow {
  table: TableKey;
  row: string;
}

interface DamageBase {
  /** Unique, kebab-case: `crlf`, `stream-separators`… */
  name: string;
  /** The file (family) it lives in: `noise`, `cells`, `script`, `chrome`, `meta`… */
  family: string;
  /** One line: what real pages do that this imitates. */
  doc: string;
  /** Which bases it makes sense on; absent → every base of the formats it lists. */
  bases?: readonly string[];
  formats: readonly Format[];
  /**
   * The damage deletes cells from the input (a cut table): `absent` names the rows it cuts. Their
   * cells can only be null with a finding that says the row is missing; the right fraction is
   * over the cells present in the input (wrong must be 0 on all).
   */
  lossy?: boolean;
}

export interface ReportDamage extends DamageBase {
  stage: 'report';
  /** Returns a new report (never mutates its input). */
  apply(report: GeneratedReport, rng: Rng): GeneratedReport;
}

export interface TextDamage extends DamageBase {
  stage: 'text';
  /** Returns the damaged text (the input is the text or HTML as rendered or damaged so far). */
  apply(text: string, rng: Rng, ctx: { report: GeneratedReport; format: Format; base: string }): string;
  /** A `lossy` damage: the rows of `report` whose cells it removed, given that it changed the text. */
  absent?(report: GeneratedReport): AbsentRow[];
}

export type Damage = ReportDamage | TextDamage;

export interface Base {
  name: string;
  format: Format;
  render(report: GeneratedReport, rng: Rng): string;
}
