/**
 * The metadata block of a portal detail page (索引号, 发布机构, 生成日期/发布日期) and its title.
 * The block's layout varies (a table, `<li>`s, `label：value` spans), so it is read from the
 * page's text lines as `label[:：] value`, the value possibly on the next line.
 */
import { parseDate } from './dates.ts';
import type { DomNode } from './html-parse.ts';
import { domToText, type Html, loadHtml } from './html-text.ts';
import { ANY_LABEL } from './meta-labels.ts';
import { ROW_MARK } from './tokenize/html-grid.ts';

export interface PageMeta {
  title: string | null;
  agency: string | null;
  publishedOn: string | null;
  indexNo: string | null;
}

const LABELS = {
  indexNo: /^(?:索\s*引\s*号|索引编号)\s*[:：]?\s*(.*)$/,
  agency: /^(?:发布机构|发文机关|发布单位|信息来源|来源单位|公开主体|发布部门)\s*[:：]?\s*(.*)$/,
  publishedOn: /^(?:生成日期|发布日期|发文日期|成文日期|公开日期|发布时间|日期)\s*[:：]?\s*(.*)$/,
} as const;

// The first characters LABELS' patterns can start with.
const LABEL_FIRST = '索发信来公生成日';
const LABEL_START = new Set([...LABEL_FIRST].map((c) => c.charCodeAt(0)));
const LABEL_CHAR = new RegExp(`[${LABEL_FIRST}]`);

const SEPARATORS = /\u001f|\|| {3,}|\t/;

/** A line's parts, split before labels, at its grid cell marks, pipes, tabs and runs of 3 spaces. */
function partsOf(split: string): string[] {
  // Only a grid row's cell marks (or none: one part): a plain split gives what the pattern's does.
  const other = split.includes('|') || split.includes('\t') || split.includes('   ');
  return other ? split.split(SEPARATORS) : split.split('\u001f');
}

/** The first non-empty part of a line, trimmed (partsOf's, without splitting a whole grid row). */
function firstCell(split: string): string {
  if (split.includes('|') || split.includes('\t') || split.includes('   ')) {
    for (const part of partsOf(split)) {
      const t = part.trim();
      if (t !== '') return t;
    }
    return '';
  }
  for (let a = 0; a <= split.length; ) {
    let b = split.indexOf('\u001f', a);
    if (b < 0) b = split.length;
    const t = split.slice(a, b).trim();
    if (t !== '') return t;
    a = b + 1;
  }
  return '';
}

const INLINE_LABEL =
  /\s*(?=(?:索\s*引\s*号|发布机构|发文机关|发布单位|信息来源|生成日期|发布日期|成文日期|发布时间|主题分类|公开方式|文号|发文字号)\s*[:：])/g;

/** Label → value over text lines (`label: value`, or the value on the next line / next cell). */
export function metaFromLines(lines: readonly string[]): Omit<PageMeta, 'title'> {
  const found: Record<keyof typeof LABELS, string | null> = {
    indexNo: null,
    agency: null,
    publishedOn: null,
  };
  const cells: string[] = [];
  for (const line of lines.slice(0, 400)) {
    if (line.length > 2000) continue;
    const body = line.startsWith(ROW_MARK) ? line.slice(line.indexOf(ROW_MARK, 1) + 1) : line;
    // Several `label：value` pairs on one line are split before each label.
    const split = body.includes('：') || body.includes(':') ? body.replace(INLINE_LABEL, '\u001f') : body;
    // No character a label starts with: none of the line's cells is a label, and only its first
    // can be read, as the value of a label that ended the line before. A report table's rows.
    if (!LABEL_CHAR.test(split)) {
      const first = firstCell(split);
      if (first !== '') cells.push(first);
      continue;
    }
    for (const part of partsOf(split)) {
      const t = part.trim();
      if (t !== '') cells.push(t);
    }
  }
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] as string;
    // Every label starts with one of these characters: other cells need no pattern tried.
    if (!LABEL_START.has(cell.charCodeAt(0))) continue;
    for (const key of Object.keys(LABELS) as Array<keyof typeof LABELS>) {
      if (found[key] !== null) continue;
      const m = LABELS[key].exec(cell);
      if (!m) continue;
      let value = (m[1] as string).trim();
      // `索引号,公开方式,发布机构`: a header row of labels, read by metaFromHeaderRow.
      if (/^[,，]/.test(value)) continue;
      if (value === '' || ANY_LABEL.test(value)) {
        if (value !== '' && /^[^:：]*$/.test(value) && /\s/.test(value)) continue;
        const next = cells[i + 1];
        value = next !== undefined && !ANY_LABEL.test(next) ? next.trim() : '';
      }
      // A value that runs into the next label on the same line: `发布机构：X 生成日期：Y`.
      value =
        value
          .split(/\s+(?=(?:索引号|发布机构|生成日期|发布日期|主题分类|公开方式|文号)\s*[:：])/)[0]
          ?.trim() ?? '';
      if (value === '') continue;
      if (key === 'publishedOn') found.publishedOn = parseDate(value);
      else if (value.length <= 80) found[key] = value;
    }
  }
  return found;
}

/** The cells of a metadata row in whichever separator the text uses: pipes, commas, tabs or spaces. */
function metaCells(line: string): string[] {
  const t = line.trim();
  if (t.includes('|')) {
    // A loop, not .map: the optimised .map's holey array and split's packed one recompiled
    // metaFromHeaderRow, which reads both ("wrong map" deopts).
    const cells: string[] = [];
    for (const c of t.replace(/^\||\|$/g, '').split('|')) cells.push(c.trim());
    return cells;
  }
  if (/[,，]/.test(t)) return t.split(/\s*[,，]\s*/);
  return t.split(/\t+|\s+/);
}

const MD_RULE_LINE = /^[\s|:：\-—–]+$/;

/**
 * The portal metadata row printed as a table above the title (`索引号 | 公开方式 | 发布机构` over
 * the values row), in any separator: pipes (Markdown's `---` rule skipped), commas, tabs, spaces.
 * A header row is one whose cells are all labels; the index number is the one token under 索引号.
 */
export function metaFromHeaderRow(lines: readonly string[]): Omit<PageMeta, 'title' | 'publishedOn'> {
  const out = { indexNo: null as string | null, agency: null as string | null };
  const max = Math.min(lines.length, 40);
  for (let i = 0; i + 1 < max; i++) {
    const line = lines[i] as string;
    if (line.length > 300 || !/索\s*引\s*号|发布机构/.test(line)) continue;
    const head = metaCells(line);
    // PDF layout may print two labels in one cell (`索引号 | 公开方式 发布机构`).
    const isLabel = (w: string) => ANY_LABEL.test(w) && w.replace(ANY_LABEL, '').trim() === '';
    if (head.length < 2 || !head.every((h) => h.split(/\s+/).every(isLabel))) continue;
    let k = i + 1;
    while (k < max && ((lines[k] as string).trim() === '' || MD_RULE_LINE.test(lines[k] as string))) k++;
    if (k >= max) break;
    const vals = metaCells(lines[k] as string);
    // Spaces also split an agency name; the columns only line up when the counts agree.
    const aligned = vals.length === head.length;
    head.forEach((h, j) => {
      const v = vals[j]?.trim();
      if (!v) return;
      if (/^索\s*引\s*号$/.test(h) && (aligned || j === 0)) out.indexNo = v.split(/\s+/)[0] ?? null;
      if (/^(?:发布机构|发文机关|发布单位)$/.test(h) && aligned) out.agency = v;
    });
    if (out.indexNo || out.agency) break;
  }
  return out;
}

const REPORTISH = /报告|年报|落实情况/;

function cleanTitle(t: string): string {
  const s = t.replace(/\s+/g, ' ').trim();
  const parts = s.split(/\s*[-_|–—]{1,2}\s*/);
  const hit = parts.find((p) => REPORTISH.test(p));
  return hit ?? s;
}

function textOf(n: DomNode, depth = 0): string {
  if (n.type === 'text') return n.data ?? '';
  if (depth > 50) return '';
  let s = '';
  for (const c of n.children ?? []) s += textOf(c, depth + 1);
  return s;
}

/** One pass over the DOM for <title>, <h1>/<h2> and <meta name=…> (selectors would walk it once each). */
function scan(root: DomNode): { titles: string[]; heads: string[]; metas: Record<string, string> } {
  const out = {
    titles: [] as string[],
    heads: [] as string[],
    metas: Object.create(null) as Record<string, string>,
  };
  // Depth first, in document order, elements only, children of depth 200 and beyond not visited.
  const visit = (n: DomNode, depth: number): void => {
    if (n.name === 'title') out.titles.push(textOf(n));
    else if (n.name === 'h1' || n.name === 'h2') out.heads.push(textOf(n));
    else if (n.name === 'meta' && n.attribs?.name && n.attribs.content)
      out.metas[n.attribs.name.toLowerCase()] ??= n.attribs.content;
    const kids = n.children;
    if (depth < 200 && kids)
      for (let i = 0; i < kids.length; i++) {
        const c = kids[i] as DomNode;
        if (c.type === 'tag' || c.type === 'root') visit(c, depth + 1);
      }
  };
  if (root.type === 'tag' || root.type === 'root') visit(root, 0);
  return out;
}

/** Page metadata from a parsed page and its text lines (see html-text.ts). */
export function pageMetaFrom($: Html, lines: readonly string[]): PageMeta {
  const { titles, heads, metas } = scan($);
  const candidates = [metas.articletitle, ...heads, titles[0]].filter(
    (s): s is string => typeof s === 'string' && s.trim() !== '',
  );
  const best = candidates.find((c) => REPORTISH.test(c)) ?? candidates[0];
  const fromLines = metaFromLines(lines);
  const metaDate = metas.pubdate;
  return {
    title: best ? cleanTitle(best).slice(0, 200) : null,
    agency: fromLines.agency ?? metas.contentsource?.trim() ?? null,
    publishedOn: fromLines.publishedOn ?? (metaDate ? parseDate(metaDate) : null),
    indexNo: fromLines.indexNo,
  };
}

export function extractPageMeta(html: string): PageMeta {
  try {
    const $ = loadHtml(html);
    if ($) return pageMetaFrom($, domToText($).split('\n'));
  } catch {
    // Unparseable markup has no metadata block.
  }
  return { title: null, agency: null, publishedOn: null, indexNo: null };
}
