/** Bar charts (vertical or horizontal, stacked and/or side by side) as SVG strings. */
import { bandScale, linearScale, niceTicks } from './scale.ts';
import { type BarSeries, maxTotal, stackGroups } from './stack.ts';
import { fitText, fmtNum, legend, line, noData, rect, svgDoc, text, textWidth } from './svg.ts';

export interface BarSpec {
  title: string;
  categories: string[];
  series: BarSeries[];
  /** Axis title of the values, e.g. "申请数 (applications)". */
  valueTitle: string;
  categoryTitle?: string;
  horizontal?: boolean;
  width?: number;
}

const VALUE_SIZE = 11;

export function barChart(spec: BarSpec): string {
  const width = spec.width ?? 900;
  const groups = stackGroups(spec.series, spec.categories.length);
  if (!spec.categories.length || groups.every((g) => g.totals.every((t) => t === null))) {
    return noData(spec.title, width);
  }
  const lg = legend(
    spec.series.map((s) => ({ label: s.label, color: s.color })),
    width,
    40,
  );
  const ticks = niceTicks(maxTotal(groups));
  const vmax = ticks[ticks.length - 1]!;
  const top = 40 + lg.height + 18;
  let body = lg.svg;

  if (spec.horizontal) {
    const labelW = Math.min(260, Math.max(...spec.categories.map((c) => textWidth(c, 12)))) + 12;
    const left = labelW + 10;
    const right = width - 70;
    const bandH = 26 * groups.length + 8;
    const height = top + spec.categories.length * bandH + 50;
    const x = linearScale([0, vmax], [left, right]);
    const band = bandScale(spec.categories.length, [top, top + spec.categories.length * bandH], 0.15);
    const bottom = top + spec.categories.length * bandH;
    for (const t of ticks) {
      body += line(x(t), top, x(t), bottom, '#e5e5e5');
      body += text(x(t), bottom + 16, fmtNum(t), { size: 11, anchor: 'middle', fill: '#555' });
    }
    body += text((left + right) / 2, bottom + 38, spec.valueTitle, {
      size: 12,
      anchor: 'middle',
      fill: '#333',
    });
    const sub = bandScale(groups.length, [0, band.width], 0.1);
    spec.categories.forEach((cat, c) => {
      body += text(left - 8, band.at(c) + band.width / 2, fitText(cat, 12, labelW - 4), {
        anchor: 'end',
        baseline: 'middle',
        fill: '#222',
      });
      groups.forEach((g, gi) => {
        const y = band.at(c) + sub.at(gi);
        for (const s of g.segments[c]!) {
          const x0 = x(s.y0);
          const w = x(s.y1) - x0;
          body += rect(x0, y, w, sub.width, s.series.color, `${cat} · ${s.series.label}: ${fmtNum(s.value)}`);
          const label = fmtNum(s.value);
          if (g.segments[c]!.length > 1 && textWidth(label, VALUE_SIZE) + 4 <= w && sub.width >= 12) {
            body += text(x0 + w / 2, y + sub.width / 2, label, {
              size: VALUE_SIZE,
              anchor: 'middle',
              baseline: 'middle',
              fill: '#fff',
            });
          }
        }
        const total = g.totals[c];
        if (total !== null && total !== undefined) {
          body += text(x(total) + 4, y + sub.width / 2, fmtNum(total), {
            size: VALUE_SIZE,
            baseline: 'middle',
            fill: '#222',
          });
        }
      });
    });
    body += line(left, top, left, bottom, '#888');
    return svgDoc(width, height, spec.title, body);
  }

  const left = 78;
  const right = width - 24;
  const plotH = 300;
  const bottom = top + plotH;
  const height = bottom + 56;
  const y = linearScale([0, vmax], [bottom, top]);
  const band = bandScale(spec.categories.length, [left, right], 0.25);
  const sub = bandScale(groups.length, [0, band.width], groups.length > 1 ? 0.08 : 0);
  for (const t of ticks) {
    body += line(left, y(t), right, y(t), '#e5e5e5');
    body += text(left - 6, y(t), fmtNum(t), { size: 11, anchor: 'end', baseline: 'middle', fill: '#555' });
  }
  body += text(18, (top + bottom) / 2, spec.valueTitle, {
    size: 12,
    anchor: 'middle',
    rotate: -90,
    fill: '#333',
  });
  if (spec.categoryTitle) {
    body += text((left + right) / 2, bottom + 44, spec.categoryTitle, {
      size: 12,
      anchor: 'middle',
      fill: '#333',
    });
  }
  spec.categories.forEach((cat, c) => {
    body += text(band.at(c) + band.width / 2, bottom + 18, fitText(cat, 12, band.width + 8), {
      anchor: 'middle',
      fill: '#222',
    });
    groups.forEach((g, gi) => {
      const x = band.at(c) + sub.at(gi);
      for (const s of g.segments[c]!) {
        const y1 = y(s.y1);
        const h = y(s.y0) - y1;
        body += rect(x, y1, sub.width, h, s.series.color, `${cat} · ${s.series.label}: ${fmtNum(s.value)}`);
        const label = fmtNum(s.value);
        if (
          g.segments[c]!.length > 1 &&
          h >= VALUE_SIZE + 3 &&
          textWidth(label, VALUE_SIZE) + 4 <= sub.width
        ) {
          body += text(x + sub.width / 2, y1 + h / 2, label, {
            size: VALUE_SIZE,
            anchor: 'middle',
            baseline: 'middle',
            fill: '#fff',
          });
        }
      }
      const total = g.totals[c];
      if (total !== null && total !== undefined && textWidth(fmtNum(total), VALUE_SIZE) <= sub.width + 10) {
        body += text(x + sub.width / 2, y(total) - 4, fmtNum(total), {
          size: VALUE_SIZE,
          anchor: 'middle',
          fill: '#222',
        });
      }
    });
  });
  body += line(left, bottom, right, bottom, '#888');
  return svgDoc(width, height, spec.title, body);
}
