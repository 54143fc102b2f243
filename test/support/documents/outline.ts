/** A report as a sequence of blocks (title, headings, prose, tables) that every format renders. */
import type { TableKey } from '../../../extractors/record.ts';
import type { Grid } from './grid.ts';
import type { BuildableReport } from './sample-report.ts';
import { tableGrid } from './tables.ts';

export type Block =
  | { type: 'title' | 'heading' | 'para'; text: string }
  | { type: 'table'; table: TableKey; grid: Grid };

const SECTIONS: [string, keyof BuildableReport['sections'] | TableKey][] = [
  ['一、总体情况', 'overview'],
  ['二、主动公开政府信息情况', 'active'],
  ['三、收到和处理政府信息公开申请情况', 'requests'],
  ['四、政府信息公开行政复议、行政诉讼情况', 'appeals'],
  ['五、存在的主要问题及改进情况', 'problems'],
  ['六、其他需要报告的事项', 'other'],
];

export function reportBlocks(report: BuildableReport): Block[] {
  const { meta } = report;
  const blocks: Block[] = [
    { type: 'title', text: meta.title ?? `${meta.agency ?? ''}${meta.year ?? ''}年政府信息公开工作年度报告` },
  ];
  for (const [heading, key] of SECTIONS) {
    blocks.push({ type: 'heading', text: heading });
    if (key === 'active' || key === 'requests' || key === 'appeals') {
      const grid = tableGrid(report, key);
      if (grid) blocks.push({ type: 'table', table: key, grid });
    } else {
      for (const p of (report.sections[key] ?? '').split('\n').filter((s) => s.trim() !== '')) {
        blocks.push({ type: 'para', text: p });
      }
    }
  }
  if (meta.agency) blocks.push({ type: 'para', text: meta.agency });
  if (meta.published_on) blocks.push({ type: 'para', text: meta.published_on });
  return blocks;
}
