/** Markdown tables: every row spans the full grid width (spanned positions empty), a `|---|` rule after the first row. */
import { type Grid, placeRows } from '../layout.ts';
import type { GeneratedReport } from '../types.ts';
import { renderDocument } from './document.ts';

function markdownRows(grid: Grid): string {
  const lines = placeRows(grid).map((p) => {
    const cells: string[] = [];
    for (const slot of p.slots) {
      cells.push(slot.cell ? slot.cell.text : '');
      for (let i = 1; i < slot.width; i++) cells.push('');
    }
    return `| ${cells.join(' | ')} |`;
  });
  lines.splice(1, 0, `|${'---|'.repeat(grid.width)}`);
  return `\n${lines.join('\n')}\n`;
}

export function renderMarkdown(report: GeneratedReport): string {
  return renderDocument(report, markdownRows, {
    title: [`# ${report.meta.title}`],
    headings: {
      overview: '## 一、总体情况',
      active: '## 二、主动公开政府信息情况',
      requests: '## 三、收到和处理政府信息公开申请情况',
      appeals: '## 四、政府信息公开行政复议、行政诉讼情况',
      problems: '## 五、存在的主要问题及改进情况',
      other: '## 六、其他需要报告的事项',
    },
  });
}
