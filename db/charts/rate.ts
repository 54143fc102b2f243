/** Rate lines (percent, left axis) over count bars (right axis): the grant-rate trend chart. */
import type { RenderSpec } from './render.ts';
import { fmtNum, fmtRate, legendBlock, noDataOption, plotTop, titleOption } from './style.ts';

export interface RateSpec {
  name: string;
  title: string;
  categories: string[];
  /** Each line: 0..1 per category; null where nothing was handled (the line breaks there). */
  rates: Array<{ label: string; color: string; values: Array<number | null> }>;
  /** Title of the percent axis. */
  rateTitle: string;
  counts: number[];
  countLabel: string;
  countColor: string;
  width?: number;
}

export function rateSpec(spec: RateSpec): RenderSpec {
  const width = spec.width ?? 900;
  if (!spec.categories.length) {
    return {
      name: spec.name,
      title: spec.title,
      width,
      height: 200,
      option: noDataOption(spec.title, width, 200),
    };
  }
  const lg = legendBlock([...spec.rates.map((r) => r.label), spec.countLabel], width);
  const top = plotTop(lg.height);
  const height = top + 300 + 44;
  return {
    name: spec.name,
    title: spec.title,
    width,
    height,
    option: {
      title: titleOption(spec.title),
      legend: lg.option,
      grid: { left: 78, right: 78, top, height: 300 },
      xAxis: { type: 'category', data: spec.categories, axisLabel: { fontSize: 12, color: '#222' } },
      yAxis: [
        {
          type: 'value',
          min: 0,
          max: 1,
          interval: 0.2,
          name: spec.rateTitle,
          nameLocation: 'middle',
          nameGap: 52,
          axisLabel: { fontSize: 11, color: '#555', formatter: (v: number) => `${Math.round(v * 100)}%` },
        },
        {
          type: 'value',
          name: spec.countLabel,
          nameLocation: 'middle',
          nameGap: 40,
          splitLine: { show: false },
          axisLabel: { fontSize: 11, color: '#777', formatter: (v: number) => fmtNum(v) },
        },
      ],
      series: [
        {
          type: 'bar',
          name: spec.countLabel,
          yAxisIndex: 1,
          barCategoryGap: '45%',
          itemStyle: { color: spec.countColor },
          data: spec.counts,
          label: { show: true, position: 'insideBottom', color: '#444', fontSize: 11 },
        },
        ...spec.rates.map((r, i) => ({
          type: 'line' as const,
          name: r.label,
          yAxisIndex: 0,
          // A gap (no handled applications) breaks the line instead of drawing through zero.
          connectNulls: false,
          symbol: 'circle',
          symbolSize: 8,
          itemStyle: { color: r.color },
          lineStyle: { color: r.color, width: 2.5 },
          data: r.values,
          label: {
            show: true,
            // The first line's labels above it, the next ones' below: two close rates stay readable.
            position: i === 0 ? ('top' as const) : ('bottom' as const),
            fontWeight: 'bold' as const,
            color: r.color,
            fontSize: 11,
            formatter: (p: { value: unknown }) => fmtRate(Number(p.value)),
          },
        })),
      ],
    },
    tip: (si, di) => {
      const cat = spec.categories[di];
      if (si === 0) return `${cat} · ${spec.countLabel}: ${fmtNum(spec.counts[di] ?? 0)}`;
      const line = spec.rates[si - 1];
      const r = line?.values[di];
      return line && r !== null && r !== undefined ? `${cat} · ${line.label}: ${fmtRate(r)}` : null;
    },
  };
}
