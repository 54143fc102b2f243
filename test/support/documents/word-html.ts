/**
 * A generated report as the HTML page a county portal publishes when an editor pastes the report
 * from Word (`MsoNormalTable`, every cell's text in `<p class=MsoNormal><span>`, widths in pt),
 * styled the ways such pages are: narrow label columns in which long row labels wrap over many
 * lines, group labels (三、本年度办理结果, （三）不予公开) vertically centred across their rowspans,
 * Word's top-aligned cells, several font sizes, thin or thick, collapsed or doubled borders, and
 * the page chrome around the report (breadcrumb, a metadata block, share bar). Printed by Chromium
 * (print-pdf.ts) it is the report PDF class issue 12 found failing.
 *
 * Fonts: every family the markup names (宋体, 仿宋_GB2312, …) is an @font-face of the npm CJK
 * font (test/support/fonts), so the PDF never depends on the machine's fonts.
 */
import { pathToFileURL } from 'node:url';
import type { TableKey } from '../../../extractors/record.ts';
import { CJK_FONTS } from '../fonts/index.ts';
import { generateReport } from '../generate.ts';
import { type GridCell, tableGrid } from '../layout.ts';
import { mulberry32, type Rng } from '../prng.ts';
import { chineseDate, HEADINGS } from '../render/document.ts';
import { escapeHtml } from '../render/html.ts';
import type { GeneratedReport } from '../types.ts';

/** The families Word markup names; each is declared as the npm font. */
const FAMILIES = ['仿宋_GB2312', '宋体', '仿宋', '黑体', 'Times New Roman', 'XXGK CJK'] as const;

export interface WordStyle {
  /** Table text size, pt. */
  fontPt: number;
  /** Body text size, pt. */
  bodyPt: number;
  /** Word's default is top; many reports centre. */
  valign: 'top' | 'middle';
  /** Border width, pt. */
  borderPt: number;
  /** `collapse` (Word's export) or `separate` with cellspacing=0 (doubled borders, 1–2 pt apart). */
  borders: 'collapse' | 'separate';
  /** Column widths, pt, per table. */
  widths: Record<TableKey, number[]>;
  /** `fixed`: widths as given; `auto`: the browser widens columns with long unbreakable content. */
  layout: 'fixed' | 'auto';
  /** Label cells left-aligned, centred or justified. */
  labelAlign: 'left' | 'center' | 'justify';
  /** Cell padding, pt (Word: 0 5.4pt). */
  padPt: number;
  /** The portal's metadata block printed with borders (a ruled table that is chrome, not a report table). */
  ruledMeta: boolean;
  /** Page margins, mm. */
  marginMm: number;
}

/** Widths that add up to about `total` pt, from relative weights with some jitter. */
function spread(rng: Rng, weights: number[], total: number): number[] {
  const w = weights.map((x) => x * (0.85 + 0.3 * rng.next()));
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => Math.round((10 * x * total) / sum) / 10);
}

export function drawWordStyle(rng: Rng): WordStyle {
  const marginMm = rng.pick([12, 18, 25, 31.8]);
  const usable = 595 - (2 * marginMm * 72) / 25.4;
  const total = usable * (0.8 + 0.2 * rng.next());
  // Requests: 三、本年度办理结果 | （三）不予公开 | item label | seven values. The first two are
  // often only two or three characters wide, the item column wide enough for 4–10.
  const requests = spread(
    rng,
    [rng.pick([0.9, 1.1, 1.4]), rng.pick([0.9, 1.2, 1.6]), rng.pick([1.8, 2.4, 3.2, 4]), 1, 1, 1, 1, 1, 1, 1],
    total,
  );
  return {
    fontPt: rng.pick([9, 10, 10.5, 10.5, 12]),
    bodyPt: rng.pick([12, 14, 16]),
    valign: rng.chance(0.65) ? 'middle' : 'top',
    borderPt: rng.pick([0.5, 0.75, 1, 1.5]),
    borders: rng.chance(0.8) ? 'collapse' : 'separate',
    widths: {
      active: spread(rng, [rng.pick([1.6, 2.2, 3]), 1, 1, 1], total),
      requests,
      appeals: spread(rng, Array(15).fill(1), total),
    },
    layout: rng.chance(0.7) ? 'fixed' : 'auto',
    labelAlign: rng.pick(['left', 'center', 'justify'] as const),
    padPt: rng.pick([0, 1.4, 5.4]),
    ruledMeta: rng.chance(0.3),
    marginMm,
  };
}

/** `@font-face` rules mapping every family the page names to the npm font. */
function fontFaces(): string {
  const url = pathToFileURL(CJK_FONTS.regular).href;
  return FAMILIES.map((f) => `@font-face{font-family:'${f}';src:url('${url}') format('opentype');}`).join(
    '\n',
  );
}

const para = (text: string, pt: number, extra = '') =>
  `<p class=MsoNormal style='text-indent:2em;line-height:150%${extra}'><span style='font-size:${pt}pt;font-family:仿宋_GB2312'>${text}</span></p>`;

function td(cell: GridCell, width: number, s: WordStyle): string {
  const attrs = `${cell.rowspan > 1 ? ` rowspan=${cell.rowspan}` : ''}${cell.colspan > 1 ? ` colspan=${cell.colspan}` : ''}`;
  const body = cell.text === '' ? '<o:p>&nbsp;</o:p>' : cell.text.split('\n').map(escapeHtml).join('<br>');
  const align = cell.kind === 'label' ? s.labelAlign : 'center';
  const border = `border:solid windowtext ${s.borderPt}pt`;
  return (
    `<td width=${Math.round((width * 4) / 3)}${attrs} valign=${s.valign === 'middle' ? 'center' : 'top'} ` +
    `style='width:${width}pt;${border};padding:0pt ${s.padPt}pt 0pt ${s.padPt}pt'>` +
    `<p class=MsoNormal align=${align} style='text-align:${align}'><span style='font-size:${s.fontPt}pt;font-family:宋体'>${body}</span></p></td>`
  );
}

/** One table in Word's markup: spans as the national template draws them, widths from the style. */
export function wordTableHtml(report: GeneratedReport, table: TableKey, s: WordStyle): string {
  const grid = tableGrid(report, table, '\n');
  const widths = s.widths[table];
  const covered: number[] = new Array(grid.width).fill(0);
  const rows = grid.rows.map((row) => {
    const cells: string[] = [];
    let col = 0;
    for (const cell of row) {
      while (col < grid.width && covered[col]! > 0) col++;
      const w = widths.slice(col, col + cell.colspan).reduce((a, b) => a + b, 0);
      cells.push(td(cell, w, s));
      if (cell.rowspan > 1) for (let j = 0; j < cell.colspan; j++) covered[col + j] = cell.rowspan;
      col += cell.colspan;
    }
    for (let c = 0; c < grid.width; c++) if (covered[c]! > 0) covered[c]!--;
    return `<tr>${cells.join('')}</tr>`;
  });
  const total = widths.reduce((a, b) => a + b, 0);
  const collapse =
    s.borders === 'collapse' ? 'border-collapse:collapse' : 'border-collapse:separate;border-spacing:0';
  return (
    `<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=${Math.round((total * 4) / 3)} ` +
    `style='width:${total}pt;${collapse};table-layout:${s.layout};border:none'>\n${rows.join('\n')}\n</table>`
  );
}

/** The whole portal page: chrome, title, the report in Word's markup, share bar. */
export function wordReportHtml(report: GeneratedReport, s: WordStyle): string {
  const { title, agency, published_on, index_no } = report.meta;
  const heading = (t: string) => para(`<b>${escapeHtml(t)}</b>`, s.bodyPt);
  const prose = (t: string) =>
    t
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => para(escapeHtml(l), s.bodyPt))
      .join('\n');
  const metaBorder = s.ruledMeta ? ' border=1 style="border-collapse:collapse"' : '';
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta name="ArticleTitle" content="${escapeHtml(title)}"><meta name="PubDate" content="${published_on} 09:30"><meta name="ContentSource" content="${escapeHtml(agency)}">
<title>${escapeHtml(title)}</title>
<style>
${fontFaces()}
@page{size:A4;margin:${s.marginMm}mm}
body{font-family:'XXGK CJK';font-size:10.5pt;margin:0}
p.MsoNormal{margin:0}
td{font-family:'XXGK CJK'}
</style></head>
<body>
<div class="nav">首页 &gt; 信息公开 &gt; 法定主动公开内容 &gt; 政府信息公开年报</div>
<table class="xxgk_meta"${metaBorder}><tr><td>索引号：</td><td>${escapeHtml(index_no)}</td><td>发布机构：</td><td>${escapeHtml(agency)}</td></tr>
<tr><td>发布日期：</td><td>${published_on}</td><td>主题分类：</td><td>其他</td></tr></table>
<h1 style="font-size:18pt;text-align:center">${escapeHtml(title)}</h1>
<div class=WordSection1>
${heading(HEADINGS.overview)}
${prose(report.prose.overview)}
${heading(HEADINGS.active)}
${wordTableHtml(report, 'active', s)}
${heading(HEADINGS.requests)}
${wordTableHtml(report, 'requests', s)}
${heading(HEADINGS.appeals)}
${wordTableHtml(report, 'appeals', s)}
${heading(HEADINGS.problems)}
${prose(report.prose.problems)}
${heading(HEADINGS.other)}
${prose(report.prose.other)}
${para(escapeHtml(agency), s.bodyPt, ';text-align:right')}
${para(chineseDate(published_on), s.bodyPt, ';text-align:right')}
</div>
<div class="share">分享到：微信 微博</div>
</body></html>
`;
}

export interface WordPdfCase {
  seed: number;
  /** The truth. */
  report: GeneratedReport;
  style: WordStyle;
  html: string;
}

/**
 * Case `seed` of the Chromium-printed corpus: a generated report (both templates, any year,
 * mostly dense: non-zero values in every column; some with subtotal rows) in a drawn style.
 */
export function wordPdfCase(seed: number): WordPdfCase {
  const rng = mulberry32(seed * 7919 + 17);
  const report = generateReport(seed, { dense: rng.chance(0.8), subtotals: rng.chance(0.2) });
  const style = drawWordStyle(rng);
  return { seed, report, style, html: wordReportHtml(report, style) };
}
