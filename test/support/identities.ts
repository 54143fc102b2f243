/**
 * The spec's per-report identities, computed on a generated report's values: the finding keys
 * (see compare.ts `findingKey`) the extractor must raise for it. Null cells take no part.
 */
import { TEMPLATES } from '../../extractors/templates/index.ts';
import { findingKey } from './compare.ts';
import type { GeneratedReport } from './types.ts';

export const IDENTITY_CODES = [
  'requests.balance',
  'requests.row_sum',
  'requests.handled_sum',
  'appeals.total',
];
const APPLICANTS = ['natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org'];

const sum = (xs: (number | null | undefined)[]) =>
  xs.some((x) => x === null || x === undefined) ? null : (xs as number[]).reduce((a, b) => a + b, 0);

export function identityFindingKeys(report: GeneratedReport): string[] {
  const keys: string[] = [];
  const req = report.values.requests;
  const rows = TEMPLATES.requests[report.templates.requests].rows.filter((r) => !r.optional && req[r.key]);
  const results = rows
    .map((r) => r.key)
    .slice(
      rows.findIndex((r) => r.key === 'granted'),
      rows.findIndex((r) => r.key === 'handled_total'),
    );
  const at = (row: string, col: string) => req[row]?.[col];
  for (const col of [...APPLICANTS, 'total']) {
    const left = sum([at('new_received', col), at('carried_over', col)]);
    const right = sum([at('handled_total', col), at('carried_forward', col)]);
    if (left !== null && right !== null && left !== right)
      keys.push(findingKey({ code: 'requests.balance', table: 'requests', row: null, col }));
    const handled = sum(results.map((r) => at(r, col)));
    const total = at('handled_total', col);
    if (handled !== null && total !== null && total !== undefined && handled !== total)
      keys.push(findingKey({ code: 'requests.handled_sum', table: 'requests', row: null, col }));
  }
  for (const r of rows) {
    const s = sum(APPLICANTS.map((c) => at(r.key, c)));
    const total = at(r.key, 'total');
    if (s !== null && total !== null && total !== undefined && s !== total)
      keys.push(findingKey({ code: 'requests.row_sum', table: 'requests', row: r.key, col: null }));
  }
  const cases = report.values.appeals.cases ?? {};
  for (const g of ['review', 'suit_direct', 'suit_after_review']) {
    const s = sum(['upheld', 'corrected', 'other', 'pending'].map((o) => cases[`${g}_${o}`]));
    const total = cases[`${g}_total`];
    if (s !== null && total !== null && total !== undefined && s !== total)
      keys.push(findingKey({ code: 'appeals.total', table: 'appeals', row: 'cases', col: `${g}_total` }));
  }
  return [...new Set(keys)].sort();
}
