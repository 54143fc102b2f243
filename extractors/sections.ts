/**
 * Finds the six sections of a report whatever their numbering (`一、` `1、` `（1）`) or wording.
 * Headings are found in order; a top-level heading (`二、…`, unnumbered) is preferred over a
 * parenthesised sub-heading with the same words (seed 004's overview has `（四）政府网站主动公开政府信息情况`).
 * `四、结转下年度继续办理` is a row of the requests table, not the appeals heading: the appeals
 * heading must name 复议 and 诉讼.
 */

import { readingTraditional, simplified } from './script.ts';

export const SECTION_KEYS = ['overview', 'active', 'requests', 'appeals', 'problems', 'other'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

const WORDS: Record<SectionKey, RegExp> = {
  overview: /总体情况|概述|总体概况|基本情况$/,
  active: /主动公开政府信息(?:的)?情况|主动公开(?:的)?情况$/,
  requests:
    /收到和处理政府信息公开申请|收到和处理.{0,10}申请(?:的)?情况|依申请公开(?:政府信息)?(?:工作)?(?:的)?情况$/,
  appeals: /复议.{0,16}诉讼|诉讼.{0,16}复议/,
  problems: /存在的?(?:主要)?问题|问题(?:及|和|与)(?:其)?改进|主要问题(?:及|和)?改进/,
  other: /其他需(?:要)?报告的事项|其他事项$/,
};

// Every pattern in WORDS holds one of these: a line without any is no heading (one scan, not six).
const ANY_WORDS = /[况述]|主动公开|申请|复议|问题|其他/;

const TOP = /^(?:[一二三四五六七八九十]{1,2}\s*[、.．]|\d{1,2}\s*[、.．](?!\d))\s*/;
const SUB = /^[(（]\s*[一二三四五六七八九十\d]{1,2}\s*[)）]\s*/;

export interface Heading {
  key: SectionKey;
  line: number;
}

/** An HTML table row whose only content is one cell (a heading printed inside the table). */
function soleCell(line: string): string | null {
  const end = line.indexOf('\u001e', 1);
  let only: string | null = null;
  for (const c of line.slice(end + 1).split('\u001f')) {
    const t = c.trim();
    if (t === '' || t === '\u001d') continue;
    if (only !== null) return null;
    only = t;
  }
  return only;
}

function headingLevel(raw: string): { level: 0 | 1; rest: string; numbered: boolean } | null {
  const line = raw.startsWith('\u001e') && raw.length < 400 ? (soleCell(raw) ?? raw) : raw;
  // Markdown headings (`## 四、…`) are numbered headings too.
  let t = line.trim();
  if (t.charCodeAt(0) === 0x23 /* # */) t = t.replace(/^#{1,6}\s+/, '');
  if (t === '' || t.length > 60) return null;
  if (line.startsWith('\t') || t.includes('|') || t.includes('\u001e') || t.includes('\u001f')) return null;
  const top = TOP.exec(t);
  if (top) return { level: 0, rest: t.slice(top[0].length), numbered: true };
  const sub = SUB.exec(t);
  if (sub) return { level: 1, rest: t.slice(sub[0].length), numbered: false };
  if (t.length > 30 || /[，。；,;]/.test(t)) return null;
  return { level: 0, rest: t, numbered: false };
}

/** Heading lines by section, in document order; absent sections are left out. */
export function findHeadings(lines: readonly string[]): Heading[] {
  const candidates: Array<{ key: SectionKey; line: number; level: 0 | 1; numbered: boolean }> = [];
  // Without traditional characters a heading's words are in the line as printed: a line without
  // any needs no closer look (most lines).
  const plain = !readingTraditional();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (plain && !ANY_WORDS.test(line)) continue;
    const h = headingLevel(line);
    if (!h) continue;
    // 主動公開政府信息情況: headings match as simplified (script.ts).
    const rest = simplified(h.rest);
    if (!ANY_WORDS.test(rest)) continue;
    for (const key of SECTION_KEYS) {
      if (WORDS[key].test(rest)) {
        candidates.push({ key, line: i, level: h.level, numbered: h.numbered });
        break;
      }
    }
  }
  const out: Heading[] = [];
  let after = -1;
  let order = -1;
  for (let k = 0; k < SECTION_KEYS.length; k++) {
    const key = SECTION_KEYS[k] as SectionKey;
    const mine = candidates.filter((c) => c.key === key && c.line > after);
    // A numbered top-level heading (`四、…`) beats an unnumbered line with the same words (a table's
    // title printed inside the table above: `表三 政府信息公开行政复议、行政诉讼情况`).
    const pick = mine.find((c) => c.numbered) ?? mine.find((c) => c.level === 0) ?? mine[0];
    if (!pick) continue;
    // A later section already placed before this one would be out of order: skip this one.
    if (k <= order) continue;
    out.push({ key, line: pick.line });
    after = pick.line;
    order = k;
  }
  return out;
}

export interface Region {
  start: number;
  end: number;
}

/** Line ranges (heading excluded, end exclusive) of each found section (`hs`: its headings, if known). */
export function sectionRegions(
  lines: readonly string[],
  hs: readonly Heading[] = findHeadings(lines),
): Partial<Record<SectionKey, Region>> {
  const out: Partial<Record<SectionKey, Region>> = {};
  for (let i = 0; i < hs.length; i++) {
    const h = hs[i] as Heading;
    const next = hs[i + 1];
    out[h.key] = { start: h.line + 1, end: next ? next.line : lines.length };
  }
  return out;
}
