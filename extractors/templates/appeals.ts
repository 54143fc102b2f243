import type { TableTemplate, TemplateColumn } from './types.ts';

const OUTCOMES = [
  ['upheld', '结果维持'],
  ['corrected', '结果纠正'],
  ['other', '其他结果'],
  ['pending', '尚未审结'],
  ['total', '总计'],
] as const;
const GROUPS = ['review', 'suit_direct', 'suit_after_review'] as const;

const columns: Record<string, TemplateColumn> = {};
for (const g of GROUPS) {
  for (const [o, label] of OUTCOMES) columns[`${g}_${o}`] = { key: `${g}_${o}`, label, kind: 'count' };
}
const cols = Object.keys(columns);

function appeals(version: '2019' | '2021'): TableTemplate {
  return {
    table: 'appeals',
    version,
    columns,
    rows: [{ key: 'cases', label: '', cols }],
    // The appeals table is printed the same way in both templates: the version follows the report's
    // other tables (see extractors/templates/index.ts).
    markers: [],
  };
}

export const APPEAL_GROUPS = GROUPS;
export const APPEAL_OUTCOMES = OUTCOMES.map(([k]) => k);
export const appeals2019 = appeals('2019');
export const appeals2021 = appeals('2021');
