/** A rate line (percent, left axis) over count bars (right axis): the grant-rate trend chart. */
import type { RenderSpec } from './render.ts';
import { fmtNum, fmtRate, legendBlock, noDataOption, plotTop, titleOption } from './style.ts';

export interface RateSpec {
  name: string;
  title: string;
  categories: string[];
  /** 0..1 per category; null where nothing was handled (the line breaks there). */
  rates: Array<number | null>;
  rateLabel: string;
  rateColor: string;
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
  const lg = legendBlock([spec.rateLabel, spec.countLabel], width);
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
          name: spec.rateLabel,
          nameLocation: 'middle',
          nameGap: 52,
          nameTextStyle: { color: spec.rateColor },
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
        {
          type: 'line',
          name: spec.rateLabel,
          yAxisIndex: 0,
          // A gap (no handled applications) breaks the line instead of drawing through zero.
          connectNulls: false,
          symbol: 'circle',
          symbolSize: 8,
          itemStyle: { color: spec.rateColor },
          lineStyle: { color: spec.rateColor, width: 2.5 },
          data: spec.rates,
          label: {
            show: true,
            position: 'top',
            fontWeight: 'bold',
            color: spec.rateColor,
            fontSize: 11,
            formatter: (p) => fmtRate(Number(p.value)),
          },
        },
      ],
    },
    tip: (si, di) => {
      const cat = spec.categories[di];
      if (si === 0) return `${cat} · ${spec.countLabel}: ${fmtNum(spec.counts[di] ?? 0)}`;
      const r = spec.rates[di];
      return r === null || r === undefined ? null : `${cat} · ${spec.rateLabel}: ${fmtRate(r)}`;
    },
  };
}
