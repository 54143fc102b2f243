/**
 * Chrome family (issue 12): the page's own furniture around and inside the report — a portal's
 * metadata block (索引号, 发布机构, 生成日期…) as a table or as lines, navigation (breadcrumbs,
 * a sidebar listing other agencies), share bars, print/close links, previous/next links, related
 * links. None of it says anything about a cell, and none of it may enter a table. One base too:
 * a report pasted as text paragraphs (one `<p>` per line, tables as pipe rows) on a detail page
 * whose chrome holds a real `<table>` (the page that made a section read as HTML and lose a row).
 */
import { AGENCIES } from '../agencies.ts';
import type { Rng } from '../prng.ts';
import { escapeHtml, renderDetailPage } from '../render/html.ts';
import { renderPipe } from '../render/pipe.ts';
import type { GeneratedReport } from '../types.ts';
import type { Base, TextDamage } from './types.ts';

const SECTION_P = /^<p[^>]*>(?:<strong>)?[二三四五六]、/;
const SECTION_LINE = /^\s*[二三四五六]、/;

function metaTableHtml(report: GeneratedReport, rng: Rng): string {
  const { index_no, agency, published_on, title } = report.meta;
  const rows = [
    `<tr><td>索引号：</td><td>${escapeHtml(index_no)}</td><td>主题分类：</td><td>综合政务</td></tr>`,
    `<tr><td>发布机构：</td><td>${escapeHtml(agency)}</td><td>生成日期：</td><td>${published_on}</td></tr>`,
    `<tr><td>名称：</td><td colspan="3">${escapeHtml(title)}</td></tr>`,
    `<tr><td>文号：</td><td></td><td>有效性：</td><td>有效</td></tr>`,
  ];
  return `<table class="${rng.pick(['xxgk-meta', 'detail-info', 'table_suoyin'])}" width="100%">${rows.slice(0, rng.int(2, 4)).join('')}</table>`;
}

function metaLines(report: GeneratedReport, rng: Rng): string[] {
  const { index_no, agency, published_on } = report.meta;
  return rng.chance(0.5)
    ? [`索引号：${index_no}`, `发布机构：${agency}`, `生成日期：${published_on}`, '主题分类：综合政务']
    : [`索引号：${index_no}  发布机构：${agency}  生成日期：${published_on}`];
}

function navItems(rng: Rng): string[] {
  const others = Array.from({ length: rng.int(3, 6) }, () => rng.pick(AGENCIES));
  return rng.chance(0.5) ? ['首页', '政府信息公开', '法定主动公开内容', '政府信息公开年报'] : others;
}

const SHARE = [
  '分享到：微信 微博 QQ空间',
  '【打印本页】【关闭窗口】',
  '【字体：大 中 小】',
  '扫一扫在手机打开当前页',
  '上一篇：关于开展政务公开专项检查的通知',
  '下一篇：2023年第四季度政府信息公开工作情况',
  '相关链接：中国政府网 江西省人民政府',
];

/** Insert `block` (one element per line) before a random section heading 二–六, or after a table. */
function insertInside(lines: string[], block: string[], rng: Rng, format: 'text' | 'html'): string[] {
  const at: number[] = [];
  lines.forEach((l, i) => {
    if (format === 'html' ? SECTION_P.test(l) || /^<\/table>/.test(lines[i - 1] ?? '') : SECTION_LINE.test(l))
      at.push(i);
  });
  if (at.length === 0) return [...block, ...lines];
  const i = rng.pick(at);
  return [...lines.slice(0, i), ...block, ...lines.slice(i)];
}

const metaTable: TextDamage = {
  name: 'chrome-meta-table',
  family: 'chrome',
  stage: 'text',
  doc: "the portal's metadata table (索引号, 发布机构, 生成日期) inside the content: above the report, between its sections, after a table",
  formats: ['html'],
  apply: (text, rng, { report }) => {
    const table = metaTableHtml(report, rng);
    const lines = text.split('\n');
    if (rng.chance(0.3)) {
      const body = lines.findIndex((l) => /id="zoom"|class="article-content"/.test(l));
      if (body >= 0) return [...lines.slice(0, body + 1), table, ...lines.slice(body + 1)].join('\n');
    }
    return insertInside(lines, [table], rng, 'html').join('\n');
  },
};

const metaBlockLines: TextDamage = {
  name: 'chrome-meta-lines',
  family: 'chrome',
  stage: 'text',
  doc: 'the metadata block copied as text lines (`索引号：… 发布机构：… 生成日期：…`) above the title or between sections',
  formats: ['text'],
  apply: (text, rng, { report }) => {
    const block = metaLines(report, rng);
    const lines = text.split('\n');
    return (rng.chance(0.5) ? [...block, ...lines] : insertInside(lines, block, rng, 'text')).join('\n');
  },
};

const nav: TextDamage = {
  name: 'chrome-nav',
  family: 'chrome',
  stage: 'text',
  doc: 'navigation: a breadcrumb or a list of other agencies (sidebar) above the report and between its sections',
  formats: ['text', 'html'],
  apply: (text, rng, { format }) => {
    const items = navItems(rng);
    const lines = text.split('\n');
    if (format === 'html') {
      const ul = `<ul class="${rng.pick(['nav', 'sidebar', 'left-menu'])}">${items.map((x) => `<li><a href="../">${escapeHtml(x)}</a></li>`).join('')}</ul>`;
      return insertInside(lines, [ul], rng, 'html').join('\n');
    }
    const block = rng.chance(0.5) ? [items.join(' > ')] : items;
    return (rng.chance(0.5) ? [...block, ...lines] : insertInside(lines, block, rng, 'text')).join('\n');
  },
};

const share: TextDamage = {
  name: 'chrome-share',
  family: 'chrome',
  stage: 'text',
  doc: 'share bars, print/close links, previous/next and related links after the report (and a share bar between sections)',
  formats: ['text', 'html'],
  apply: (text, rng, { format }) => {
    const picked = SHARE.filter(() => rng.chance(0.5));
    const block = picked.length ? picked : [SHARE[0] as string];
    if (format === 'html') {
      const div = `<div class="share">${block.map((b) => `<span>${escapeHtml(b)}</span>`).join(' ')}</div>`;
      const lines = text.split('\n');
      const end = lines.findIndex((l) => l.startsWith('<div class="footer"'));
      const tail = end >= 0 ? end : lines.length;
      const out = [...lines.slice(0, tail), div, ...lines.slice(tail)];
      return (rng.chance(0.3) ? insertInside(out, [div], rng, 'html') : out).join('\n');
    }
    const lines = text.replace(/\s+$/, '').split('\n');
    return [...lines, ...block].join('\n');
  },
};

/** A report pasted as text on a detail page: one `<p>` per line, the tables as pipe rows. */
const textParagraphsPage: Base = {
  name: 'html-text-paragraphs',
  format: 'html',
  render: (report, rng) => {
    const text = renderPipe(report).split('\n');
    const start = text.findIndex((l) => /^一、/.test(l));
    const body = text
      .slice(Math.max(0, start))
      .map((l) =>
        l.trim() === ''
          ? '<p><br></p>'
          : `<p${rng.chance(0.2) ? ' style="text-indent:2em;"' : ''}>${escapeHtml(l)}</p>`,
      )
      .join('\n');
    return renderDetailPage(report, { indexNo: report.meta.index_no, bodyHtml: body });
  },
};

export const CHROME_BASES: Base[] = [textParagraphsPage];
export const CHROME_DAMAGES: TextDamage[] = [metaTable, metaBlockLines, nav, share];
