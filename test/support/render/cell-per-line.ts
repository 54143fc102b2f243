/**
 * One cell per line. `tab` (seeds 000/003/004): each line tab-indented, rows separated by blank
 * lines, a rowspan continuing from above leaves an empty `\t` line, `[bookmark: …]` residue of a
 * .docx conversion, `1、`-style headings. `bar` (seed 002): each cell line ends in ` |`, the
 * positions a span swallowed become a line of `|` runs, and the portal injected spam.
 */
import { type Grid, placeRows } from '../layout.ts';
import type { GeneratedReport } from '../types.ts';
import { renderDocument } from './document.ts';

function tabRows(grid: Grid): string {
  return placeRows(grid)
    .map((p) => p.slots.map((s) => `\t${s.cell ? s.cell.text : ''}`).join('\n'))
    .join('\n\n');
}

function barRows(grid: Grid): string {
  return placeRows(grid)
    .map(({ cells: row, residue }) => {
      const lines = row.map((c) => `${c.text} |`);
      if (residue > 0) lines.push('|'.repeat(residue));
      return lines.join('\n');
    })
    .join('\n');
}

export function renderCellPerLineTab(report: GeneratedReport): string {
  const { title } = report.meta;
  return renderDocument(report, tabRows, {
    title: ['', `[bookmark: OLE_LINK1]${title}`, ''],
    headings: { overview: '1、 总体情况', requests: '3、 收到和处理政府信息公开申请情况' },
    gap: '\n\n',
    lineBreak: '\n',
  });
}

export function renderCellPerLineBar(report: GeneratedReport): string {
  return renderDocument(report, barRows, {
    afterOverview: ['UedBet体育官方网站 注册送88元 www.uedbet-example.com'],
  }).replace('认真落实', '认真落实上级UedBet体育');
}
