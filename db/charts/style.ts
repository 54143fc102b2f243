/** What every chart shares: fonts, colours, number format, escaping, the title and legend blocks. */
import type { EChartsOption } from 'echarts';

export const FONT = `'WenQuanYi Micro Hei','Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif`;

export const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

/** Escapes text for XML/HTML content and attribute values (names like `A<B&C` stay text). */
export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const DEC = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** 1234 → "1,234", 12.34 → "12.3". */
export function fmtNum(v: number): string {
  return Number.isInteger(v) ? INT.format(v) : DEC.format(v);
}

/** 0.6254 → "62.5%". */
export function fmtRate(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

/** Width estimate of a label (for layout): CJK and full-width glyphs are square, Latin about 0.56 em. */
export function textWidth(s: string, size: number): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\uffef]/.test(ch) ? size : size * 0.56;
  return w;
}

const TITLE_HEIGHT = 40;
const LEGEND_ROW = 22;

/** The title block: bold, centred. */
export function titleOption(text: string): EChartsOption['title'] {
  return {
    text,
    left: 'center',
    top: 10,
    textStyle: { fontSize: 16, fontWeight: 'bold', color: '#222' },
  };
}

/**
 * A legend under the title, and the height it takes: ECharts wraps a plain legend itself, but the
 * plot below must leave it room, so the rows are estimated the same way.
 */
export function legendBlock(
  labels: string[],
  width: number,
): { option: EChartsOption['legend']; height: number } {
  let rows = labels.length ? 1 : 0;
  let used = 0;
  for (const label of labels) {
    const w = 25 + 5 + textWidth(label, 12) + 10;
    if (used + w > width - 40 && used > 0) {
      rows++;
      used = 0;
    }
    used += w;
  }
  return {
    option: {
      top: TITLE_HEIGHT,
      left: 'center',
      width: width - 40,
      itemGap: 10,
      textStyle: { fontSize: 12, color: '#333' },
      data: labels,
    },
    height: rows * LEGEND_ROW,
  };
}

/** Top of the plot area for a chart with a legend of `legendHeight`. */
export function plotTop(legendHeight: number): number {
  return TITLE_HEIGHT + legendHeight + 24;
}

/** The panel shown instead of a chart when the query returned nothing. */
export function noDataOption(
  title: string,
  width: number,
  height: number,
  why = '暂无数据 (no data)',
): EChartsOption {
  return {
    title: titleOption(title),
    graphic: [
      {
        type: 'rect',
        left: 20,
        top: 44,
        shape: { width: width - 40, height: height - 64, r: 6 },
        style: { fill: '#f6f6f6', stroke: '#ddd' },
      },
      {
        type: 'text',
        left: 'center',
        top: (height + 44 - 20) / 2,
        style: { text: why, fontSize: 18, fill: '#888', font: `18px ${FONT}` },
      },
    ],
  };
}
