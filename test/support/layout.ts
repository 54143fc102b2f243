/**
 * The printed layout of the three tables as the national templates draw them: header rows,
 * group cells spanning rows (三、本年度办理结果 / （三）不予公开), labels spanning columns.
 * Every shape renderer starts from this grid, so all shapes carry the same cells.
 */
import type { TableKey } from '../../extractors/record.ts';
import { TEMPLATES } from '../../extractors/templates/index.ts';
import { cellText } from './format.ts';
import type { GeneratedReport } from './types.ts';

export interface GridCell {
  text: string;
  rowspan: number;
  colspan: number;
  kind: 'header' | 'label' | 'value';
}
export interface Grid {
  width: number;
  rows: GridCell[][];
}

const isOmitted = (report: GeneratedReport, table: TableKey, row: string, col: string) =>
  (report.omitted ?? []).some((o) => o.table === table && o.row === row && o.col === col);

const h = (text: string, colspan = 1, rowspan = 1): GridCell => ({ text, colspan, rowspan, kind: 'header' });
const l = (text: string, colspan = 1, rowspan = 1): GridCell => ({ text, colspan, rowspan, kind: 'label' });
const v = (text: string): GridCell => ({ text, colspan: 1, rowspan: 1, kind: 'value' });

const ACTIVE_BLOCKS_2019: [string, string[]][] = [
  ['第二十条第（一）项', ['regulations', 'normative_docs']],
  ['第二十条第（五）项', ['licensing', 'other_services']],
  ['第二十条第（六）项', ['penalty', 'coercion']],
  ['第二十条第（八）项', ['fees']],
  ['第二十条第（九）项', ['procurement']],
];
const ACTIVE_BLOCKS_2021: [string, string[]][] = [
  ['第二十条第（一）项', ['regulations', 'normative_docs']],
  ['第二十条第（五）项', ['licensing']],
  ['第二十条第（六）项', ['penalty', 'coercion']],
  ['第二十条第（八）项', ['fees']],
];

function activeGrid(report: GeneratedReport): Grid {
  const version = report.templates.active;
  const tpl = TEMPLATES.active[version];
  const blocks = version === '2019' ? ACTIVE_BLOCKS_2019 : ACTIVE_BLOCKS_2021;
  const width = 4;
  const rows: GridCell[][] = [];
  for (const [title, keys] of blocks) {
    rows.push([h(title, width)]);
    const cols = tpl.rows.find((r) => r.key === keys[0])!.cols;
    const pad = width - 1 - cols.length;
    const header = [h('信息内容'), ...cols.map((c) => h(tpl.columns[c]!.label))];
    if (pad > 0) header[header.length - 1]!.colspan += pad;
    rows.push(header);
    for (const key of keys) {
      const row = tpl.rows.find((r) => r.key === key)!;
      const printed = row.cols.filter((c) => !isOmitted(report, 'active', key, c));
      const cells = [
        l(report.labels?.[`active/${key}`] ?? row.label),
        ...printed.map((c) => v(cellText(report, 'active', key, c))),
      ];
      // As the templates print it: the last value cell stretches under a header that spans the rest.
      if (pad > 0) cells[cells.length - 1]!.colspan += pad;
      rows.push(cells);
    }
  }
  return { width, rows };
}

function requestsGrid(report: GeneratedReport): Grid {
  const tpl = TEMPLATES.requests[report.templates.requests];
  const rows: GridCell[][] = [
    [h('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', 3, 3), h('申请人情况', 7)],
    [h('自然人', 1, 2), h('法人或其他组织', 5), h('总计', 1, 2)],
    ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'].map((t) => h(t)),
  ];
  // Subtotal rows (（三）不予公开 with its own numbers) print only when the report has them; their
  // children then print under 三、本年度办理结果 alone, the subtotal row taking the group's place.
  const present = tpl.rows.filter((r) => !r.optional || report.values.requests[r.key]);
  const subtotals = new Set(present.filter((r) => r.optional).map((r) => r.label));
  const dataRows = present.map((r) => ({
    row: r,
    groups: (r.groups ?? []).filter((g, depth) => !(depth === 1 && subtotals.has(g))),
  }));
  // How many data rows each group label spans, so the group cell is printed once with that rowspan.
  const span = (group: string, depth: number) => dataRows.filter((r) => r.groups[depth] === group).length;
  const seen = new Set<string>();
  for (const { row, groups } of dataRows) {
    const cells: GridCell[] = [];
    groups.forEach((g, depth) => {
      if (seen.has(`${depth}:${g}`)) return;
      seen.add(`${depth}:${g}`);
      cells.push(l(g, 1, span(g, depth)));
    });
    cells.push(l(row.label, 3 - groups.length));
    for (const c of row.cols)
      if (!isOmitted(report, 'requests', row.key, c)) cells.push(v(cellText(report, 'requests', row.key, c)));
    rows.push(cells);
  }
  return { width: 10, rows };
}

function appealsGrid(report: GeneratedReport): Grid {
  const outcomes = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  const tpl = TEMPLATES.appeals[report.templates.appeals];
  const row = tpl.rows[0]!;
  return {
    width: 15,
    rows: [
      [h('行政复议', 5), h('行政诉讼', 10)],
      [...outcomes.map((o) => h(o, 1, 2)), h('未经复议直接起诉', 5), h('复议后起诉', 5)],
      [...outcomes, ...outcomes].map((o) => h(o)),
      row.cols
        .filter((c) => !isOmitted(report, 'appeals', row.key, c))
        .map((c) => v(cellText(report, 'appeals', row.key, c))),
    ],
  };
}

/**
 * The grid of one table. `lineBreak` is what a label's line break becomes: a cell-per-line text
 * keeps `\n` (seed 003), a shape that writes one row per line cannot, and joins the parts.
 */
export function tableGrid(report: GeneratedReport, table: TableKey, lineBreak = ''): Grid {
  const grid =
    table === 'active'
      ? activeGrid(report)
      : table === 'requests'
        ? requestsGrid(report)
        : appealsGrid(report);
  for (const row of grid.rows) for (const cell of row) cell.text = cell.text.replace(/\n/g, lineBreak);
  return grid;
}

export interface Placed {
  /** Cells that start in this row, in column order. */
  cells: GridCell[];
  /** Left to right: a cell starting here, or `null` where a rowspan from above continues (`width` grid columns). */
  slots: { cell: GridCell | null; width: number }[];
  /** Grid positions a span takes in this row: rowspans from above plus the extra columns of colspans. */
  residue: number;
}

/** Resolve spans: which cells start in each row, and where rowspans from above continue. */
export function placeRows(grid: Grid): Placed[] {
  const covered: number[] = new Array(grid.width).fill(0); // rows still covered by a rowspan above
  const coverWidth: number[] = new Array(grid.width).fill(0);
  const out: Placed[] = [];
  for (const row of grid.rows) {
    const slots: Placed['slots'] = [];
    const queue = [...row];
    let col = 0;
    while (col < grid.width) {
      if (covered[col]! > 0) {
        const width = coverWidth[col]! || 1;
        slots.push({ cell: null, width });
        covered[col]!--;
        col += width;
        continue;
      }
      const cell = queue.shift();
      if (!cell) break;
      slots.push({ cell, width: cell.colspan });
      if (cell.rowspan > 1) {
        covered[col] = cell.rowspan - 1;
        coverWidth[col] = cell.colspan;
      }
      col += cell.colspan;
    }
    // Span residue only: a short row (cells omitted) is printed short, not padded.
    const residue = slots.reduce((n, s) => n + (s.cell ? s.cell.colspan - 1 : s.width), 0);
    out.push({ cells: row, slots, residue });
  }
  return out;
}
