/**
 * A deterministic report record to build documents from: every template cell filled with a
 * distinct value (so "numbers in row order" assertions can fail), plus a few realistic raws.
 */
import type { Cell, ReportRecord, TableKey } from '../../../extractors/record.ts';
import { getTemplate } from '../../../extractors/templates/index.ts';

/** What the builders need of a record. */
export type BuildableReport = Pick<ReportRecord, 'meta' | 'cells' | 'templates' | 'sections'>;
type Version = '2019' | '2021';

const TABLES: TableKey[] = ['active', 'requests', 'appeals'];

export function sampleReport(
  versions: Partial<Record<TableKey, Version>> = {},
  meta: Partial<BuildableReport['meta']> = {},
): BuildableReport {
  const templates = {
    active: versions.active ?? '2019',
    requests: versions.requests ?? '2019',
    appeals: versions.appeals ?? '2019',
  };
  const cells: Cell[] = [];
  let n = 0;
  for (const table of TABLES) {
    const tpl = getTemplate(table, templates[table]);
    for (const row of tpl.rows) {
      if (row.optional) continue;
      for (const col of row.cols) {
        n++;
        const kind = tpl.columns[col]?.kind;
        // Distinct, order-revealing values; every 13th cell is a blank marker.
        if (n % 13 === 0) {
          cells.push({ table, row: row.key, col, value: null, raw: '无' });
        } else if (kind === 'change') {
          const v = n % 2 === 0 ? n : -n;
          cells.push({ table, row: row.key, col, value: v, raw: v > 0 ? `+${v}` : String(v) });
        } else if (kind === 'money') {
          // A bare number under a 万元 header is in 万元 (report-schema.md "Values"): value is in yuan.
          const scale = tpl.columns[col]?.unit === 'wan' ? 10_000 : 1;
          cells.push({ table, row: row.key, col, value: (n * 100 + 0.5) * scale, raw: `${n * 100 + 0.5}` });
        } else {
          cells.push({ table, row: row.key, col, value: 100 + n, raw: String(100 + n) });
        }
      }
    }
  }
  const year = meta.year ?? 2020;
  const agency = meta.agency ?? '赣州经开区市场监督管理局';
  return {
    meta: {
      title: `${agency}${year}年政府信息公开工作年度报告`,
      agency,
      year,
      published_on: `${year + 1}-01-20`,
      index_no: null,
      ...meta,
    },
    templates,
    cells,
    sections: {
      overview: `${year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。本年新收政府信息公开申请5件。`,
      problems: '信息公开的及时性有待提高。下一步将加强培训。',
      other: '本机关未收取信息处理费。',
    },
  };
}

/** The raw text printed for a cell ('' when the record has no such cell). */
export function rawOf(report: BuildableReport, table: TableKey, row: string, col: string): string {
  return report.cells.find((c) => c.table === table && c.row === row && c.col === col)?.raw ?? '';
}
