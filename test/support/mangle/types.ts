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
   * The damage deletes cells from the input (a cut table): their cells can at best be missing,
   * so the right fraction is judged on the cases without such a damage (wrong must be 0 on all).
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
}

export type Damage = ReportDamage | TextDamage;

export interface Base {
  name: string;
  format: Format;
  render(report: GeneratedReport, rng: Rng): string;
}
