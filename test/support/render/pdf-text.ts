/**
 * Text as a PDF (or an online flipbook) yields it: one row per line with values separated by
 * spaces, column labels printed vertically one character per line, and a page header
 * (`Page N - …`) falling between two rows of one table. Blank cells print as `—`, because a
 * PDF text layer drops empty cells and the row would lose its place.
 */
import type { TableKey } from '../../../extractors/record.ts';
import type { Grid } from '../layout.ts';
import type { GeneratedReport } from '../types.ts';
import { renderDocument } from './document.ts';

/** `['结果维持','其他结果']` → `结 其` / `果 他` / `维 结` / `持 果`. */
export function verticalLabels(labels: string[]): string[] {
  const chars = labels.map((l) => [...l]);
  const height = Math.max(...chars.map((c) => c.length));
  const lines: string[] = [];
  for (let i = 0; i < height; i++)
    lines.push(
      chars
        .map((c) => c[i] ?? '')
        .filter(Boolean)
        .join(' '),
    );
  return lines;
}

const valueText = (t: string) => (t === '' ? '—' : t);

function dataLine(row: Grid['rows'][number]): string {
  return row
    .filter((c) => c.kind !== 'label' || c.text !== '')
    .map((c) => (c.kind === 'value' ? valueText(c.text) : c.text.replace(/\s+/g, '')))
    .join(' ');
}

function pdfTable(report: GeneratedReport, pageHeader: string) {
  return (grid: Grid, table: TableKey): string => {
    const lines: string[] = [];
    if (table === 'active') {
      for (const row of grid.rows) lines.push(dataLine(row));
    } else if (table === 'requests') {
      lines.push('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况');
      lines.push('法人或其他组织');
      lines.push(
        ...verticalLabels(['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']),
      );
      const data = grid.rows.slice(3);
      data.forEach((row, i) => {
        if (i === Math.floor(data.length / 2)) lines.push(pageHeader);
        lines.push(dataLine(row));
      });
    } else {
      lines.push('行政复议 行政诉讼');
      lines.push('未经复议直接起诉 复议后起诉');
      lines.push(...verticalLabels(['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']));
      lines.push(dataLine(grid.rows[3]!));
    }
    void report;
    return lines.join('\n');
  };
}

export function renderPdfText(report: GeneratedReport): string {
  const header = `Page ${(report.meta.year % 7) + 3} - ${report.meta.year}年报_${report.meta.agency}`;
  return renderDocument(report, pdfTable(report, header), {
    title: [report.meta.agency, `${report.meta.year}年政府信息公开工作年度报告`],
  });
}
