/** SVG string helpers: escaping, number and text measures, the document frame, legend, "no data". */

export const FONT = `'WenQuanYi Micro Hei','Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif`;

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

/** Width estimate of a label: CJK and full-width glyphs are square, Latin about 0.56 em. */
export function textWidth(s: string, size: number): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\uffef]/.test(ch) ? size : size * 0.56;
  return w;
}

/** Cuts a label to `max` px, ending with "…". */
export function fitText(s: string, size: number, max: number): string {
  if (textWidth(s, size) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (textWidth(`${out + ch}…`, size) > max) break;
    out += ch;
  }
  return `${out}…`;
}

export function r(v: number): string {
  return String(Math.round(v * 10) / 10);
}

export interface TextOpts {
  size?: number;
  anchor?: 'start' | 'middle' | 'end';
  weight?: 'bold' | 'normal';
  fill?: string;
  rotate?: number;
  baseline?: 'middle' | 'auto' | 'hanging';
}

export function text(x: number, y: number, s: string, o: TextOpts = {}): string {
  const attrs = [
    `x="${r(x)}"`,
    `y="${r(y)}"`,
    `font-size="${o.size ?? 12}"`,
    o.anchor && o.anchor !== 'start' ? `text-anchor="${o.anchor}"` : '',
    o.weight === 'bold' ? 'font-weight="bold"' : '',
    o.fill ? `fill="${o.fill}"` : '',
    o.baseline && o.baseline !== 'auto'
      ? `dominant-baseline="${o.baseline === 'middle' ? 'central' : 'hanging'}"`
      : '',
    o.rotate ? `transform="rotate(${o.rotate} ${r(x)} ${r(y)})"` : '',
  ].filter(Boolean);
  return `<text ${attrs.join(' ')}>${esc(s)}</text>`;
}

export function rect(x: number, y: number, w: number, h: number, fill: string, title?: string): string {
  const t = title ? `<title>${esc(title)}</title>` : '';
  return `<rect x="${r(x)}" y="${r(y)}" width="${r(Math.max(0, w))}" height="${r(Math.max(0, h))}" fill="${fill}">${t}</rect>`;
}

export function line(x1: number, y1: number, x2: number, y2: number, stroke = '#ccc', width = 1): string {
  return `<line x1="${r(x1)}" y1="${r(y1)}" x2="${r(x2)}" y2="${r(y2)}" stroke="${stroke}" stroke-width="${width}"/>`;
}

/** A standalone SVG document (xmlns, title for screen readers, white background). */
export function svgDoc(width: number, height: number, title: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="${esc(FONT)}" role="img" aria-label="${esc(title)}">` +
    `<title>${esc(title)}</title>` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    text(width / 2, 24, title, { size: 16, anchor: 'middle', weight: 'bold', fill: '#222' }) +
    body +
    '</svg>\n'
  );
}

export interface LegendItem {
  label: string;
  color: string;
  /** Drawn as a line with a dot (line series) instead of a square. */
  line?: boolean;
}

/** Legend rows centred under the title, wrapped to `width`; returns the markup and its height. */
export function legend(items: LegendItem[], width: number, y: number): { svg: string; height: number } {
  const size = 12;
  const rows: Array<Array<{ item: LegendItem; w: number }>> = [[]];
  let used = 0;
  for (const item of items) {
    const w = 18 + textWidth(item.label, size) + 16;
    if (used + w > width - 40 && rows[rows.length - 1]!.length) {
      rows.push([]);
      used = 0;
    }
    rows[rows.length - 1]!.push({ item, w });
    used += w;
  }
  let svg = '';
  rows.forEach((row, i) => {
    const total = row.reduce((s, e) => s + e.w, 0);
    let x = (width - total) / 2;
    const cy = y + i * 20 + 8;
    for (const { item, w } of row) {
      svg += item.line
        ? `${line(x, cy, x + 14, cy, item.color, 2)}<circle cx="${r(x + 7)}" cy="${r(cy)}" r="3" fill="${item.color}"/>`
        : rect(x, cy - 6, 12, 12, item.color);
      svg += text(x + 18, cy, item.label, { size, baseline: 'middle', fill: '#333' });
      x += w;
    }
  });
  return { svg, height: items.length ? rows.length * 20 : 0 };
}

/** The panel shown instead of a chart when the query returned nothing. */
export function noData(title: string, width = 900, height = 200, why = '暂无数据 (no data)'): string {
  return svgDoc(
    width,
    height,
    title,
    `<rect x="20" y="44" width="${width - 40}" height="${height - 64}" fill="#f6f6f6" stroke="#ddd" rx="6"/>` +
      text(width / 2, height / 2 + 12, why, { size: 18, anchor: 'middle', fill: '#888' }),
  );
}
