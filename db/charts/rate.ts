/** A rate line (percent, left axis) over count bars (right axis): the grant-rate trend chart. */
import { bandScale, linearScale, niceTicks } from './scale.ts';
import { fmtNum, legend, line, noData, r, rect, svgDoc, text } from './svg.ts';

export interface RateSpec {
  title: string;
  categories: string[];
  /** 0..1 per category; null where nothing was handled. */
  rates: Array<number | null>;
  rateLabel: string;
  rateColor: string;
  counts: number[];
  countLabel: string;
  countColor: string;
  width?: number;
}

export function rateChart(spec: RateSpec): string {
  const width = spec.width ?? 900;
  if (!spec.categories.length) return noData(spec.title, width);
  const lg = legend(
    [
      { label: spec.rateLabel, color: spec.rateColor, line: true },
      { label: spec.countLabel, color: spec.countColor },
    ],
    width,
    40,
  );
  const top = 40 + lg.height + 18;
  const left = 78;
  const right = width - 78;
  const bottom = top + 300;
  const height = bottom + 44;
  const yRate = linearScale([0, 1], [bottom, top]);
  const countTicks = niceTicks(Math.max(0, ...spec.counts));
  const yCount = linearScale([0, countTicks[countTicks.length - 1]!], [bottom, top]);
  const band = bandScale(spec.categories.length, [left, right], 0.45);
  let body = lg.svg;
  for (let p = 0; p <= 100; p += 20) {
    body += line(left, yRate(p / 100), right, yRate(p / 100), '#e5e5e5');
    body += text(left - 6, yRate(p / 100), `${p}%`, {
      size: 11,
      anchor: 'end',
      baseline: 'middle',
      fill: '#555',
    });
  }
  for (const t of countTicks) {
    body += text(right + 6, yCount(t), fmtNum(t), { size: 11, baseline: 'middle', fill: '#777' });
  }
  body += text(18, (top + bottom) / 2, spec.rateLabel, {
    size: 12,
    anchor: 'middle',
    rotate: -90,
    fill: spec.rateColor,
  });
  body += text(width - 14, (top + bottom) / 2, spec.countLabel, {
    size: 12,
    anchor: 'middle',
    rotate: 90,
    fill: '#555',
  });
  const points: Array<[number, number, number]> = [];
  spec.categories.forEach((cat, c) => {
    const x = band.at(c);
    const n = spec.counts[c] ?? 0;
    body += rect(
      x,
      yCount(n),
      band.width,
      bottom - yCount(n),
      spec.countColor,
      `${cat} · ${spec.countLabel}: ${n}`,
    );
    if (bottom - yCount(n) >= 16) {
      body += text(x + band.width / 2, bottom - 6, fmtNum(n), { size: 11, anchor: 'middle', fill: '#444' });
    }
    body += text(x + band.width / 2, bottom + 18, cat, { size: 12, anchor: 'middle', fill: '#222' });
    const rate = spec.rates[c];
    if (rate !== null && rate !== undefined) points.push([x + band.width / 2, yRate(rate), rate]);
  });
  // A gap (no handled applications) breaks the line instead of drawing through zero.
  let path = '';
  let prev = -2;
  spec.rates.forEach((rate, c) => {
    if (rate === null || rate === undefined) return;
    const x = band.at(c) + band.width / 2;
    path += `${c === prev + 1 ? 'L' : 'M'}${r(x)},${r(yRate(rate))}`;
    prev = c;
  });
  if (path) body += `<path d="${path}" fill="none" stroke="${spec.rateColor}" stroke-width="2.5"/>`;
  for (const [x, y, rate] of points) {
    body += `<circle cx="${r(x)}" cy="${r(y)}" r="4" fill="${spec.rateColor}"/>`;
    body += text(x, y - 10, `${(rate * 100).toFixed(1)}%`, {
      size: 11,
      anchor: 'middle',
      weight: 'bold',
      fill: spec.rateColor,
    });
  }
  body += line(left, bottom, right, bottom, '#888');
  return svgDoc(width, height, spec.title, body);
}
