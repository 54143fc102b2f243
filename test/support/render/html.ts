/**
 * A whole detail page in the style of gzjkq.ganzhou.gov.cn: breadcrumb, metadata block
 * (索引号 / 发布机构 / 生成日期), and a content div holding the report with real <table>s
 * (rowspan/colspan group cells, <p> inside cells, &nbsp; blanks). The local portal reuses it.
 */
import type { TableKey } from '../../../extractors/record.ts';
import { type GridCell, tableGrid } from '../layout.ts';
import type { GeneratedReport } from '../types.ts';
import { chineseDate, HEADINGS } from './document.ts';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function td(cell: GridCell): string {
  const attrs = `${cell.rowspan > 1 ? ` rowspan="${cell.rowspan}"` : ''}${cell.colspan > 1 ? ` colspan="${cell.colspan}"` : ''}`;
  const body = cell.text === '' ? '&nbsp;' : cell.text.split('\n').map(escapeHtml).join('<br>');
  const style = cell.kind === 'value' ? ' style="text-align:center;"' : '';
  // Word-exported pages wrap every cell's text in <p><span>; extractors must see through it.
  return `<td${attrs} valign="center"><p${style}><span style="font-family:宋体;font-size:14px">${body}</span></p></td>`;
}

/** One table as HTML, spans resolved as the national template draws them. */
export function renderTableHtml(report: GeneratedReport, table: TableKey): string {
  const grid = tableGrid(report, table, '\n');
  const rows = grid.rows.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('\n');
  return `<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse;">\n<tbody>\n${rows}\n</tbody>\n</table>`;
}

const para = (text: string) =>
  text
    .split('\n')
    .filter((t) => t.trim() !== '')
    .map((t) => `<p style="text-indent:2em;">${escapeHtml(t)}</p>`)
    .join('\n');

/** The report's body as the content div holds it (headings, prose, tables, signature). */
export function renderReportBodyHtml(report: GeneratedReport): string {
  const heading = (t: string) => `<p style="text-indent:2em;"><strong>${escapeHtml(t)}</strong></p>`;
  return [
    heading(HEADINGS.overview),
    para(report.prose.overview),
    heading(HEADINGS.active),
    renderTableHtml(report, 'active'),
    heading(HEADINGS.requests),
    renderTableHtml(report, 'requests'),
    heading(HEADINGS.appeals),
    renderTableHtml(report, 'appeals'),
    heading(HEADINGS.problems),
    para(report.prose.problems),
    heading(HEADINGS.other),
    para(report.prose.other),
    `<p style="text-align:right;">${escapeHtml(report.meta.agency)}</p>`,
    `<p style="text-align:right;">${chineseDate(report.meta.published_on)}</p>`,
  ].join('\n');
}

export interface DetailPageOptions {
  indexNo: string;
  breadcrumb?: string[];
  attachments?: { href: string; title: string }[];
  /** Replaces the report body (e.g. an attachment-only page or a page with no report at all). */
  bodyHtml?: string;
}

export function renderDetailPage(report: GeneratedReport, opts: DetailPageOptions): string {
  const crumbs = opts.breadcrumb ?? ['首页', '政府信息公开', '法定主动公开内容', '政府信息公开年报'];
  const crumbHtml = crumbs
    .map((c, i) =>
      i === crumbs.length - 1 ? `<span>${escapeHtml(c)}</span>` : `<a href="../">${escapeHtml(c)}</a>`,
    )
    .join(' &gt; ');
  const attachments = (opts.attachments ?? [])
    .map((a) => `<li><a href="${escapeHtml(a.href)}" target="_blank">${escapeHtml(a.title)}</a></li>`)
    .join('\n');
  const { title, agency, published_on } = report.meta;
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}_${escapeHtml(agency)}</title>
<meta name="ArticleTitle" content="${escapeHtml(title)}">
<meta name="PubDate" content="${published_on} 09:30">
<meta name="ContentSource" content="${escapeHtml(agency)}">
</head>
<body>
<div class="header"><div class="logo">赣州经济技术开发区</div></div>
<div class="position">当前位置：${crumbHtml}</div>
<div class="xxgk-detail">
<table class="xxgk-meta">
<tr><td class="label">索引号：</td><td>${escapeHtml(opts.indexNo)}</td><td class="label">主题分类：</td><td>综合政务/政务公开</td></tr>
<tr><td class="label">发布机构：</td><td>${escapeHtml(agency)}</td><td class="label">生成日期：</td><td>${published_on}</td></tr>
<tr><td class="label">名&nbsp;&nbsp;称：</td><td colspan="3">${escapeHtml(title)}</td></tr>
<tr><td class="label">文&nbsp;&nbsp;号：</td><td></td><td class="label">关键词：</td><td>年度报告</td></tr>
</table>
<h1 class="article-title">${escapeHtml(title)}</h1>
<div class="article-info">发布时间：${published_on} &nbsp; 来源：${escapeHtml(agency)} &nbsp; 浏览次数：<span id="hits">128</span></div>
<div class="article-content" id="zoom">
${opts.bodyHtml ?? renderReportBodyHtml(report)}
</div>
${attachments ? `<div class="attachments"><p>附件：</p><ul>\n${attachments}\n</ul></div>` : ''}
</div>
<div class="footer">主办：赣州经济技术开发区管委会 &nbsp; 网站标识码：3607000001</div>
</body>
</html>
`;
}

/** The `html` shape: a detail page whose index number comes from the report. */
export const renderHtml = (report: GeneratedReport): string =>
  renderDetailPage(report, { indexNo: report.meta.index_no });
