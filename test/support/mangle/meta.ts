/**
 * Meta family (issue 12): what real pages do to the report's title and publisher. The title line
 * is missing (a report pasted without its heading; a page whose <title> is the site's name) or cut
 * (`区档案馆2021年政府信息公开工…`, as list pages and <title> cut it); the publisher printed is a
 * placeholder (样本报告, 本网, 办公室, the site's name). The agency and the year are still in the
 * report: the opening (`本报告由X编制`, `统计期限…`), the signature, the first sentence. The truth
 * does not change: score-meta.ts holds the record's meta to it.
 */
import type { Rng } from '../prng.ts';
import { escapeHtml } from '../render/html.ts';
import type { GeneratedReport } from '../types.ts';
import type { TextDamage } from './types.ts';

export const PLACEHOLDER_PUBLISHERS = ['样本报告', '本网', '办公室', '赣州经济技术开发区门户网站', '本站'];
const SITE = '赣州经济技术开发区';

/** Openings real reports use instead of (or under) a title: who compiled it, which period it covers. */
function opening(report: GeneratedReport, rng: Rng): string | null {
  const { agency, year } = report.meta;
  switch (rng.int(0, 3)) {
    case 0:
      return `本报告由${agency}根据《中华人民共和国政府信息公开条例》要求编制，统计期限为${year}年1月1日至${year}年12月31日。`;
    case 1:
      return `现将${agency}${year}年政府信息公开工作年度报告公布如下。本报告中所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。`;
    case 2:
      return `本报告由${agency}编制，所列数据截至${year}年12月31日。`;
    default:
      return null;
  }
}

/** Drop the signature (agency line and date line) at the end of a text, sometimes. */
function dropSignature(lines: string[], report: GeneratedReport): string[] {
  const out = [...lines];
  while (out.length && out[out.length - 1]!.trim() === '') out.pop();
  const last = out[out.length - 1] ?? '';
  if (/^\s*\d{4}年\d{1,2}月\d{1,2}日\s*$/.test(last)) out.pop();
  if ((out[out.length - 1] ?? '').trim() === report.meta.agency) out.pop();
  return out;
}

function cut(title: string, agency: string, rng: Rng): string {
  const at = rng.int(Math.min(agency.length + 1, title.length - 4), title.length - 4);
  return title.slice(0, at) + rng.pick(['…', '...', '', '…']);
}

const noTitle: TextDamage = {
  name: 'meta-no-title',
  family: 'meta',
  stage: 'text',
  doc: 'no title line: the report starts at section 一 (or a page whose <title> is the site name and has no heading); sometimes an opening names the compiler and the period; sometimes no signature either',
  formats: ['text', 'html'],
  apply: (text, rng, { report, format }) => {
    const open = opening(report, rng);
    const noSig = rng.chance(0.3);
    if (format === 'text') {
      let lines = text.split('\n');
      // Section 一 in whatever numbering the base uses (`一、`, `1、 `, `## 一、`).
      const first = lines.findIndex((l) => /^[#\s]*(?:一|1)\s*[、.．]\s*总体情况/.test(l));
      if (first > 0) lines = lines.slice(first);
      if (open) lines = [...lines.slice(0, 1), open, ...lines.slice(1)];
      if (noSig) lines = dropSignature(lines, report);
      return lines.join('\n');
    }
    let html = text
      .replace(/<title>[^<]*<\/title>/, rng.chance(0.5) ? `<title>${SITE}</title>` : '')
      .replace(/<meta name="ArticleTitle"[^>]*>\n?/, '')
      .replace(/<h1[^>]*>[^<]*<\/h1>\n?/, '')
      .replace(/<tr><td class="label">名&nbsp;&nbsp;称：<\/td>.*?<\/tr>\n?/, '');
    if (open) html = html.replace(/(<div class="article-content"[^>]*>\n)/, `$1<p>${escapeHtml(open)}</p>\n`);
    if (noSig)
      html = html.replace(
        /<p style="text-align:right;">[^<]*<\/p>\n<p style="text-align:right;">[^<]*<\/p>\n/,
        '',
      );
    return html;
  },
};

const cutTitle: TextDamage = {
  name: 'meta-cut-title',
  family: 'meta',
  stage: 'text',
  doc: 'the title cut short (`区档案馆2021年政府信息公开工…`) where it is printed: the title line, <title>, the heading',
  formats: ['text', 'html'],
  apply: (text, rng, { report, format }) => {
    const { title, agency } = report.meta;
    const short = cut(title, agency, rng);
    if (format === 'text')
      return text
        .split('\n')
        .map((l) => (l.trim().replace(/^#{1,6}\s+/, '') === title ? l.replace(title, short) : l))
        .join('\n');
    const esc = escapeHtml(title);
    return text
      .replace(`<title>${esc}_`, `<title>${escapeHtml(short)}_`)
      .replace(`content="${esc}"`, `content="${escapeHtml(short)}"`)
      .replace(
        new RegExp(`(<h1[^>]*>)${esc.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
        `$1${escapeHtml(short)}`,
      );
  },
};

const placeholder: TextDamage = {
  name: 'meta-placeholder-publisher',
  family: 'meta',
  stage: 'text',
  doc: "a placeholder where the publisher belongs (样本报告, 本网, 办公室, the site's name) in the metadata block, ContentSource and 来源",
  formats: ['text', 'html'],
  apply: (text, rng, { report, format }) => {
    const p = rng.pick(PLACEHOLDER_PUBLISHERS);
    const { agency } = report.meta;
    if (format === 'html') {
      const a = escapeHtml(agency);
      return text
        .replace(`<meta name="ContentSource" content="${a}">`, `<meta name="ContentSource" content="${p}">`)
        .replace(
          `<td class="label">发布机构：</td><td>${a}</td>`,
          `<td class="label">发布机构：</td><td>${p}</td>`,
        )
        .replace(`来源：${a}`, `来源：${p}`);
    }
    let lines = text.split('\n');
    let done = false;
    // `发布机构：X` wherever the block prints it.
    lines = lines.map((l) => {
      const m = l.replace(`发布机构：${agency}`, `发布机构：${p}`);
      if (m !== l) done = true;
      return m;
    });
    // A header row of labels (`索引号 | 公开方式 | 发布机构 |`) over its values.
    const row = lines.findIndex((l) => /索引号/.test(l) && /发布机构/.test(l) && !/[：:]/.test(l));
    if (row >= 0 && lines[row + 1]?.includes(agency)) {
      lines[row + 1] = lines[row + 1]!.replace(agency, p);
      done = true;
    }
    return (done ? lines : [`发布机构：${p}`, ...lines]).join('\n');
  },
};

export const META_DAMAGES: TextDamage[] = [noTitle, cutTitle, placeholder];
