/**
 * Bar charts (vertical or horizontal; series stacked by a shared `stack` id or side by side) as an
 * ECharts render spec. Values are printed inside segments where they fit, and a stack's total on top.
 */
import type { EChartsOption } from 'echarts';
import type { RenderSpec } from './render.ts';
import { fmtNum, legendBlock, noDataOption, plotTop, textWidth, titleOption } from './style.ts';

export interface BarSeries {
  key: string;
  label: string;
  color: string;
  /** One value per category; null = not reported (no bar, unlike 0). */
  values: Array<number | null>;
  /** Series with the same stack id are stacked in one bar; others stand beside it. Default: own bar. */
  stack?: string;
}

export interface BarSpec {
  name: string;
  title: string;
  categories: string[];
  series: BarSeries[];
  /** Axis title of the values, e.g. "申请数 (applications)". */
  valueTitle: string;
  categoryTitle?: string;
  horizontal?: boolean;
  width?: number;
}

const PLOT_HEIGHT = 300;
const BAND = 34;
const present = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** A stack's total per category: null when every value of the bar is null (not reported ≠ 0). */
export function stackTotals(members: BarSeries[], categories: number): Array<number | null> {
  return Array.from({ length: categories }, (_, c) => {
    const vs = members.map((s) => s.values[c]).filter(present);
    return vs.length ? vs.reduce((a, b) => a + b, 0) : null;
  });
}

export function barSpec(spec: BarSpec): RenderSpec {
  const width = spec.width ?? 900;
  const n = spec.categories.length;
  if (!n || spec.series.every((s) => !s.values.some(present))) {
    return {
      name: spec.name,
      title: spec.title,
      width,
      height: 200,
      option: noDataOption(spec.title, width, 200),
    };
  }
  const stacks = new Map<string, BarSeries[]>();
  for (const s of spec.series) {
    const id = s.stack ?? `series:${s.key}`;
    stacks.set(id, [...(stacks.get(id) ?? []), s]);
  }
  const totals = new Map([...stacks].map(([id, members]) => [id, stackTotals(members, n)]));
  const maxTotal = Math.max(0, ...[...totals.values()].flat().filter(present));
  const lg = legendBlock(
    spec.series.map((s) => s.label),
    width,
  );
  const top = plotTop(lg.height);
  const horizontal = spec.horizontal === true;
  const labelW = horizontal
    ? Math.min(260, Math.max(...spec.categories.map((c) => textWidth(c, 12)))) + 12
    : 0;
  const plotH = horizontal ? n * (BAND * stacks.size + 8) : PLOT_HEIGHT;
  const height = top + plotH + (horizontal ? 50 : 64);
  const grid = horizontal
    ? { left: labelW + 14, right: 70, top, height: plotH }
    : { left: 78, right: 24, top, height: plotH };
  // Bar thickness along the category axis, to decide which values fit inside their segment.
  const along = horizontal ? plotH : width - grid.left - grid.right;
  const thickness = ((along / Math.max(1, n)) * 0.7) / stacks.size;
  const across = horizontal ? width - grid.left - grid.right : plotH;

  const series: NonNullable<EChartsOption['series']> = [];
  for (const s of spec.series) {
    const id = s.stack ?? `series:${s.key}`;
    const stacked = stacks.get(id)!.length > 1;
    series.push({
      type: 'bar',
      name: s.label,
      stack: id,
      itemStyle: { color: s.color },
      barCategoryGap: '30%',
      data: s.values.map((v) => (present(v) ? v : null)),
      label: {
        show: true,
        position: stacked ? 'inside' : horizontal ? 'right' : 'top',
        color: stacked ? '#fff' : '#222',
        fontSize: 11,
        formatter: (p) => {
          const v = Number(p.value);
          if (!stacked) return fmtNum(v);
          // Inside a segment only when it fits (the axis ends at most ~2× the largest stack).
          const size = (v / (maxTotal * 1.6)) * across;
          const fits = horizontal
            ? size >= textWidth(fmtNum(v), 11) + 4 && thickness >= 12
            : size >= 14 && thickness >= textWidth(fmtNum(v), 11) + 4;
          return v > 0 && fits ? fmtNum(v) : '';
        },
      },
    });
  }
  // A stack's total above it: an empty segment on top of the stack carrying the label.
  const decorations: number[] = [];
  for (const [id, members] of stacks) {
    if (members.length < 2) continue;
    const t = totals.get(id)!;
    decorations.push(series.length);
    series.push({
      type: 'bar',
      name: `${id} total`,
      stack: id,
      silent: true,
      data: t.map((v) => (v === null ? null : 0)),
      itemStyle: { color: 'transparent' },
      label: {
        show: true,
        position: horizontal ? 'right' : 'top',
        color: '#222',
        fontSize: 11,
        formatter: (p) => fmtNum(t[p.dataIndex] ?? 0),
      },
    });
  }
  const categoryAxis = {
    type: 'category' as const,
    data: spec.categories,
    inverse: horizontal,
    name: spec.categoryTitle,
    nameLocation: 'middle' as const,
    nameGap: 36,
    axisLabel: {
      fontSize: 12,
      color: '#222',
      width: horizontal ? labelW : undefined,
      overflow: 'truncate' as const,
    },
  };
  const valueAxis = {
    type: 'value' as const,
    name: spec.valueTitle,
    nameLocation: 'middle' as const,
    nameGap: horizontal ? 30 : 56,
    axisLabel: { fontSize: 11, color: '#555', formatter: (v: number) => fmtNum(v) },
  };
  return {
    name: spec.name,
    title: spec.title,
    width,
    height,
    option: {
      title: titleOption(spec.title),
      legend: lg.option,
      grid,
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series,
    },
    tip: (si, di) => {
      if (decorations.includes(si)) return null;
      const s = spec.series[si];
      const v = s?.values[di];
      return s && present(v) ? `${spec.categories[di]} · ${s.label}: ${fmtNum(v)}` : null;
    },
  };
}
