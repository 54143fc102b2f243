/**
 * Pipe rows (seed 001): cells joined by ` | `, the cells a span swallowed printed as a run of
 * `|`, and a portal metadata row (索引号 | 公开方式 | 发布机构) above the title.
 */
import { type Grid, placeRows } from '../layout.ts';
import type { GeneratedReport } from '../types.ts';
import { renderDocument } from './document.ts';

export function pipeRows(grid: Grid, bar: string): string {
  return placeRows(grid)
    .map(({ cells: row, residue }) => {
      const line = row.map((c) => c.text).join(` ${bar} `);
      return `${line} ${bar}${residue > 0 ? ` ${bar.repeat(residue)}` : ''}`;
    })
    .join('\n');
}

export function renderPipeWith(report: GeneratedReport, bar: string): string {
  const { agency, year, index_no } = report.meta;
  return renderDocument(report, (grid) => pipeRows(grid, bar), {
    preamble: [
      `索引号 ${bar} 公开方式 ${bar} 发布机构 ${bar}`,
      `${index_no} ${bar} 主动公开 ${bar} ${agency} ${bar}`,
    ],
    title: [`${year}年度政府信息公开工作年度报告`, agency, report.meta.title],
  });
}

export const renderPipe = (report: GeneratedReport): string => renderPipeWith(report, '|');
/** The same with full-width bars `｜`. */
export const renderPipeFullwidth = (report: GeneratedReport): string => renderPipeWith(report, '｜');
