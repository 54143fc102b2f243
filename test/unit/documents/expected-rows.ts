/** What every converted document must show: each template row's label followed by its cells' raw text, in order. */
import type { TableKey } from '../../../extractors/record.ts';
import { getTemplate } from '../../../extractors/templates/index.ts';
import { type BuildableReport, rawOf } from '../../support/documents/index.ts';

export interface ExpectedRow {
  table: TableKey;
  row: string;
  label: string;
  raws: string[];
}

export function expectedRows(report: BuildableReport): ExpectedRow[] {
  const out: ExpectedRow[] = [];
  for (const table of ['active', 'requests', 'appeals'] as const) {
    const version = report.templates[table];
    if (version !== '2019' && version !== '2021') continue;
    for (const row of getTemplate(table, version).rows) {
      if (row.optional) continue;
      out.push({
        table,
        row: row.key,
        label: row.label,
        raws: row.cols.map((c) => rawOf(report, table, row.key, c)),
      });
    }
  }
  return out;
}

/**
 * The one line holding `label` followed by its values joined by `sep` (the label may carry group
 * cells before it). A blank first or last cell carries an outer pipe, as pdf-layout.ts prints it.
 */
export function lineFor(text: string, r: ExpectedRow, sep: string): string | undefined {
  const cells = r.label === '' ? r.raws : [r.label, ...r.raws];
  let want = cells.join(sep);
  if (sep === ' | ' && cells.at(-1) === '') want += ' |';
  const lead = sep === ' | ' && cells[0] === '' ? `| ${want}` : want;
  return text.split('\n').find((l) => l === lead || l.endsWith(`${sep}${want}`) || l.startsWith(lead));
}
