/**
 * Agency × year grid as an ECharts render spec: one panel (grid, axes, two heatmap series) per
 * region group, stacked down the page, one colour scale for all. A cell whose value was not read
 * (a report without that figure) is grey with "—"; a year without a report has no cell.
 */
import type { EChartsOption, VisualMapComponentOption } from 'echarts';
import type { RenderSpec } from './render.ts';
import { FONT, noDataOption, textWidth, titleOption } from './style.ts';

export interface HeatCell {
  /** Coloured by the scale; null: drawn grey ("not read"). */
  value: number | null;
  /** Printed in the cell. */
  label: string;
  /** The cell's tooltip after `row · year: `. */
  tip: string;
}

export interface HeatRow {
  label: string;
  cells: Map<number, HeatCell>;
}

export interface HeatmapSpec {
  name: string;
  title: string;
  years: number[];
  groups: Array<{ title: string; rows: HeatRow[] }>;
  /** The colour scale of valued cells (piecewise or continuous); placed under the title. */
  scale: VisualMapComponentOption;
  /** Text colour on a cell of this value (white on the dark end of the scale); default near-black. */
  textColor?: (value: number) => string;
  /** What a grey cell means, shown beside the scale (none: the chart has no grey cells). */
  greyLabel?: string;
  width?: number;
}

const ROW = 22;
const GROUP_TITLE = 26;
const AXIS = 20;
const GAP = 14;
const GREY = '#d9d9d9';

export function heatmapSpec(spec: HeatmapSpec): RenderSpec {
  const width = spec.width ?? 900;
  const groups = spec.groups.filter((g) => g.rows.length);
  if (!groups.length || !spec.years.length) {
    return {
      name: spec.name,
      title: spec.title,
      width,
      height: 200,
      option: noDataOption(spec.title, width, 200),
    };
  }
  const labelW = Math.min(
    250,
    Math.max(80, ...groups.flatMap((g) => g.rows.map((r) => textWidth(r.label, 12)))) + 10,
  );
  const left = labelW + 16;
  const right = 20;
  let y = 40 + 34 + 12;
  const grid: NonNullable<EChartsOption['grid']> = [];
  const xAxis: NonNullable<EChartsOption['xAxis']> = [];
  const yAxis: NonNullable<EChartsOption['yAxis']> = [];
  const series: NonNullable<EChartsOption['series']> = [];
  const graphic: NonNullable<EChartsOption['graphic']> = [];
  /** tips[series][dataIndex] and labels[series][dataIndex], in the order the data arrays are built. */
  const tips: string[][] = [];
  const labels: string[][] = [];
  const valued: number[] = [];
  const years = spec.years.map(String);

  groups.forEach((g, i) => {
    graphic.push({
      type: 'text',
      left: 12,
      top: y + 4,
      style: { text: g.title, font: `bold 13px ${FONT}`, fill: '#333' },
    });
    y += GROUP_TITLE + AXIS;
    const height = g.rows.length * ROW;
    grid.push({ left, right, top: y, height });
    xAxis.push({
      type: 'category',
      gridIndex: i,
      position: 'top',
      data: years,
      axisTick: { show: false },
      axisLine: { show: false },
      axisLabel: { fontSize: 11, color: '#555' },
    });
    yAxis.push({
      type: 'category',
      gridIndex: i,
      inverse: true,
      data: g.rows.map((r) => r.label),
      axisTick: { show: false },
      axisLine: { show: false },
      axisLabel: { fontSize: 12, color: '#222', width: labelW, overflow: 'truncate' },
    });
    const values: Array<{ value: [number, number, number]; label?: { color: string } }> = [];
    const greys: Array<[number, number, number]> = [];
    const vTips: string[] = [];
    const gTips: string[] = [];
    const vLabels: string[] = [];
    const gLabels: string[] = [];
    g.rows.forEach((row, r) => {
      spec.years.forEach((year, x) => {
        const cell = row.cells.get(year);
        if (!cell) return;
        const tip = `${row.label} · ${year}: ${cell.tip}`;
        if (cell.value === null) {
          greys.push([x, r, 0]);
          gTips.push(tip);
          gLabels.push(cell.label);
        } else {
          const color = spec.textColor?.(cell.value);
          values.push({ value: [x, r, cell.value], ...(color ? { label: { color } } : {}) });
          vTips.push(tip);
          vLabels.push(cell.label);
        }
      });
    });
    const cellStyle = { borderColor: '#fff', borderWidth: 1 };
    valued.push(series.length);
    tips.push(vTips);
    labels.push(vLabels);
    series.push({
      type: 'heatmap',
      name: g.title,
      xAxisIndex: i,
      yAxisIndex: i,
      data: values,
      itemStyle: cellStyle,
      label: { show: true, fontSize: 11, color: '#111', formatter: (p) => vLabels[p.dataIndex] ?? '' },
    });
    tips.push(gTips);
    labels.push(gLabels);
    series.push({
      type: 'heatmap',
      name: `${g.title} · ${spec.greyLabel ?? ''}`,
      xAxisIndex: i,
      yAxisIndex: i,
      data: greys,
      itemStyle: { ...cellStyle, color: GREY },
      label: { show: true, fontSize: 11, color: '#555', formatter: (p) => gLabels[p.dataIndex] ?? '' },
    });
    y += height + GAP;
  });
  if (spec.greyLabel) {
    const x = width - 20 - textWidth(spec.greyLabel, 12) - 22;
    graphic.push(
      { type: 'rect', left: x, top: 50, shape: { width: 16, height: 12 }, style: { fill: GREY } },
      {
        type: 'text',
        left: x + 22,
        top: 50,
        style: { text: spec.greyLabel, font: `12px ${FONT}`, fill: '#333' },
      },
    );
  }
  return {
    name: spec.name,
    title: spec.title,
    width,
    height: y + 10,
    option: {
      title: titleOption(spec.title),
      // ECharts colours heatmap cells only through a visualMap: the grey cells get a hidden one.
      visualMap: [
        {
          itemWidth: 14,
          itemHeight: 12,
          ...spec.scale,
          seriesIndex: valued,
          orient: 'horizontal',
          left: 12,
          top: 44,
          textStyle: { fontSize: 11, color: '#333' },
        } as VisualMapComponentOption,
        {
          type: 'piecewise',
          show: false,
          seriesIndex: valued.map((i) => i + 1),
          pieces: [{ value: 0, color: GREY }],
        },
      ],
      grid,
      xAxis,
      yAxis,
      series,
      graphic,
    },
    tip: (s, d) => tips[s]?.[d] ?? null,
  };
}
