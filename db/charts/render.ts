/**
 * ECharts on the server: an option in, a standalone SVG string out (no DOM, no canvas).
 *
 * What ECharts' SSR output lacks for a file read offline, added here:
 * - a tooltip per data mark: ECharts tags each drawn datum with `ecmeta_series_index` /
 *   `ecmeta_data_index` (its SSR metadata); we put `<title>category · series: value</title>` in it,
 *   which browsers show on hover and tests read back as "what was drawn";
 * - ids and CSS class names that are unique per chart and the same on every run (zrender numbers its
 *   instances per process: `zr3-cls-1`), so that many charts can share one HTML page and two runs
 *   write identical files;
 * - `role="img"`, an `aria-label` and a `<title>` for screen readers.
 */
import type { EChartsOption } from 'echarts';
import { init, use } from 'echarts/core';
import { install as bar } from 'echarts/lib/chart/bar/install.js';
import { install as heatmap } from 'echarts/lib/chart/heatmap/install.js';
import { install as line } from 'echarts/lib/chart/line/install.js';
import { install as graphic } from 'echarts/lib/component/graphic/install.js';
import { install as grid } from 'echarts/lib/component/grid/installSimple.js';
import { install as legend } from 'echarts/lib/component/legend/installLegendPlain.js';
import { install as title } from 'echarts/lib/component/title/install.js';
import { install as continuous } from 'echarts/lib/component/visualMap/installVisualMapContinuous.js';
import { install as piecewise } from 'echarts/lib/component/visualMap/installVisualMapPiecewise.js';
import { installLabelLayout } from 'echarts/lib/label/installLabelLayout.js';
import { install as svgRenderer } from 'echarts/lib/renderer/installSVGRenderer.js';
import { esc, FONT } from './style.ts';

use([
  bar,
  line,
  heatmap,
  grid,
  title,
  legend,
  continuous,
  piecewise,
  graphic,
  installLabelLayout,
  svgRenderer,
]);

export interface RenderSpec {
  /** Chart name, unique on a page: prefixes the SVG's ids and classes. */
  name: string;
  title: string;
  width: number;
  height: number;
  option: EChartsOption;
  /** Tooltip of a drawn datum (series and data index as in `option.series`); null: none. */
  tip?: (series: number, index: number) => string | null;
}

export interface Rendered {
  svg: string;
  /** Data marks drawn with a tooltip (decorations, for which `tip` gives null, are not counted). */
  marks: number;
}

/** A drawn datum as zrender writes it: its SSR metadata, then either children or nothing. */
const MARK =
  /<(path|rect|circle|ellipse|polygon|polyline)\b[^>]*? ecmeta_series_index="(\d+)" ecmeta_data_index="(\d+)" ecmeta_ssr_type="chart"[^>]*?(\/?)>/g;

export function renderSvg(spec: RenderSpec): Rendered {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: spec.width, height: spec.height });
  let raw: string;
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#fff',
      textStyle: { fontFamily: FONT },
      ...spec.option,
    });
    raw = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  let marks = 0;
  // zrender numbers instances and classes per process; renumber per chart in order of appearance.
  const prefix = spec.name.replace(/[^A-Za-z0-9_-]/g, '_');
  const ids = new Map<string, string>();
  const counts = new Map<string, number>();
  const rename = (s: string) =>
    s.replace(/\bzr\d+-([a-z]+-?)(\d+)\b/g, (id: string, kind: string) => {
      let to = ids.get(id);
      if (!to) {
        const n = counts.get(kind) ?? 0;
        counts.set(kind, n + 1);
        to = `${prefix}-${kind}${n}`;
        ids.set(id, to);
      }
      return to;
    });
  const svg = raw
    // Tags only: zrender's ids never occur in text, but an agency's name could contain "zr1-c2".
    .replace(/<[^>]+>/g, rename)
    .replace(/<style >([\s\S]*?)<\/style>/, (_, css: string) => `<style>${rename(css)}</style>`)
    .replace(MARK, (tag: string, el: string, series: string, index: string, selfClosing: string) => {
      const tip = spec.tip?.(Number(series), Number(index));
      if (!tip) return tag;
      marks++;
      const t = `<title>${esc(tip)}</title>`;
      return selfClosing ? `${tag.slice(0, -2)}>${t}</${el}>` : `${tag}${t}`;
    })
    .replace(/^<svg /, `<svg role="img" aria-label="${esc(spec.title)}" `)
    .replace(/^(<svg [^>]*>)/, `$1<title>${esc(spec.title)}</title>`);
  return { svg: `${svg.trimEnd()}\n`, marks };
}
