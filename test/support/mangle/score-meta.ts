/**
 * Scores a record's meta against the truth (issue 12), per field, like score.ts does cells:
 * - agency, year: right (equal), missing (null and a `meta.missing` finding says so), wrong
 *   (anything else: another agency or year, or a null nobody explains);
 * - published_on: right, or wrong when it is another date; a null is counted apart (`undated`):
 *   no finding is owed for a page that prints no date.
 * False findings: `meta.disagree` (no damage here makes two sources really disagree), and
 * `agency.placeholder` on a case no placeholder damage touched. A placeholder damage must be
 * answered by `agency.placeholder` when the agency is read and the placeholder was the only
 * publisher printed (`unsaid`).
 * The title is not scored: a cut or missing title is what the page prints.
 */
import type { ReportRecord } from '../../../extractors/record.ts';
import type { GeneratedReport } from '../types.ts';
import { PLACEHOLDER_PUBLISHERS } from './meta.ts';

export interface MetaScore {
  right: number;
  missing: number;
  wrong: number;
  undated: number;
  wrongFields: string[];
  falseFindings: string[];
  unsaid: string[];
}

const PRINTED_PLACEHOLDER = new RegExp(
  `(?:发布机构[：:\\s|]*|ContentSource" content="|来源：)(?:${PLACEHOLDER_PUBLISHERS.join('|')})`,
);

export function scoreMeta(
  record: ReportRecord,
  report: GeneratedReport,
  applied: readonly string[],
  input: string,
): MetaScore {
  const out: MetaScore = {
    right: 0,
    missing: 0,
    wrong: 0,
    undated: 0,
    wrongFields: [],
    falseFindings: [],
    unsaid: [],
  };
  const codes = new Set(record.findings.map((f) => f.code));
  for (const field of ['agency', 'year'] as const) {
    const got = record.meta[field];
    const want = report.meta[field];
    if (got === want) out.right++;
    else if (got === null && codes.has('meta.missing')) out.missing++;
    else {
      out.wrong++;
      out.wrongFields.push(`${field}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
    }
  }
  const date = record.meta.published_on;
  if (date === report.meta.published_on) out.right++;
  else if (date === null) out.undated++;
  else {
    out.wrong++;
    out.wrongFields.push(`published_on: ${date} ≠ ${report.meta.published_on}`);
  }
  if (codes.has('meta.disagree'))
    out.falseFindings.push(
      `meta.disagree: ${record.findings.find((f) => f.code === 'meta.disagree')?.message ?? ''}`,
    );
  const placeholder = applied.includes('meta-placeholder-publisher');
  if (codes.has('agency.placeholder') && !placeholder) out.falseFindings.push('agency.placeholder');
  // Only where the placeholder is the publisher the record could see: printed in the input (a
  // base whose markup the damage does not know, or meta-no-title after it, leaves none), and no
  // other damage printed the real publisher too (chrome-meta-*).
  const alone = PRINTED_PLACEHOLDER.test(input) && !applied.some((d) => d.startsWith('chrome-meta'));
  if (placeholder && alone && record.meta.agency !== null && !codes.has('agency.placeholder'))
    out.unsaid.push('agency.placeholder');
  return out;
}
