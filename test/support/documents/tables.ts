/**
 * The three statistical tables laid out as the national templates print them: spanning group
 * labels, multi-row headers, blank cells where the record has no value.
 */
import type { TableKey } from '../../../extractors/record.ts';
import { getTemplate, type TableTemplate, type TemplateRow } from '../../../extractors/templates/index.ts';
import type { Grid, GridCell } from './grid.ts';
import { type BuildableReport, rawOf } from './sample-report.ts';

const h = (text: string, colSpan = 1, rowSpan = 1): GridCell => ({ text, colSpan, rowSpan, header: true });
const d = (text: string, colSpan = 1, rowSpan = 1): GridCell => ({ text, colSpan, rowSpan });

/** 第二十条 items that open a block of the active table, by first row key. */
const ACTIVE_CAPTIONS: Record<string, string> = {
  regulations: '第二十条第（一）项',
  licensing: '第二十条第（五）项',
  penalty: '第二十条第（六）项',
  fees: '第二十条第（八）项',
  procurement: '第二十条第（九）项',
};

function activeGrid(report: BuildableReport, tpl: TableTemplate): Grid {
  const width = 1 + Math.max(...tpl.rows.map((r) => r.cols.length));
  const grid: Grid = [];
  const spanLast = (cells: GridCell[]) => {
    const last = cells.at(-1);
    if (last) last.colSpan = width - cells.length + 1;
    return cells;
  };
  tpl.rows.forEach((row, i) => {
    const prev = tpl.rows[i - 1];
    if (ACTIVE_CAPTIONS[row.key]) grid.push([h(ACTIVE_CAPTIONS[row.key]!, width)]);
    if (ACTIVE_CAPTIONS[row.key] || prev?.cols.join() !== row.cols.join()) {
      grid.push(spanLast([h('信息内容'), ...row.cols.map((c) => h(tpl.columns[c]!.label))]));
    }
    grid.push(spanLast([d(row.label), ...row.cols.map((c) => d(rawOf(report, 'active', row.key, c)))]));
  });
  return grid;
}

function requestsGrid(report: BuildableReport, tpl: TableTemplate): Grid {
  const cols = tpl.rows[0]!.cols;
  const grid: Grid = [
    [h('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', 3, 3), h('申请人情况', 7)],
    [h('自然人', 1, 2), h('法人或其他组织', 5), h('总计', 1, 2)],
    ['commercial', 'research', 'social_org', 'legal_service', 'other_org'].map((c) =>
      h(tpl.columns[c]!.label),
    ),
  ];
  const present = tpl.rows.filter(
    (r) => !r.optional || report.cells.some((c) => c.table === 'requests' && c.row === r.key),
  );
  // How many rows each group label spans, counted over the rows actually printed.
  const spans = new Map<string, number>();
  for (const r of present) for (const g of r.groups ?? []) spans.set(g, (spans.get(g) ?? 0) + 1);
  const opened = new Set<string>();
  for (const row of present) {
    const labels: GridCell[] = [];
    const groups = (row.groups ?? []).filter((g) => g !== row.label);
    for (const g of groups) {
      if (!opened.has(g)) labels.push(d(g, 1, spans.get(g)));
      opened.add(g);
    }
    labels.push(d(row.label, 3 - groups.length));
    grid.push([...labels, ...cols.map((c) => d(rawOf(report, 'requests', row.key, c)))]);
  }
  return grid;
}

function appealsGrid(report: BuildableReport, tpl: TableTemplate): Grid {
  const outcomes = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  const row = tpl.rows[0] as TemplateRow;
  return [
    [h('行政复议', 5), h('行政诉讼', 10)],
    [...outcomes.map((o) => h(o, 1, 2)), h('未经复议直接起诉', 5), h('复议后起诉', 5)],
    [...outcomes, ...outcomes].map((o) => h(o)),
    row.cols.map((c) => d(rawOf(report, 'appeals', row.key, c))),
  ];
}

const BUILDERS: Record<TableKey, (r: BuildableReport, t: TableTemplate) => Grid> = {
  active: activeGrid,
  requests: requestsGrid,
  appeals: appealsGrid,
};

/** The grid of one table, or null when the record has no table template for it (pre-2019). */
export function tableGrid(report: BuildableReport, table: TableKey): Grid | null {
  const version = report.templates[table];
  if (version !== '2019' && version !== '2021') return null;
  return BUILDERS[table](report, getTemplate(table, version));
}
