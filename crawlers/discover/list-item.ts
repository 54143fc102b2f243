/** One entry of a list page, before filtering; shared by the HTML, datastore and JSON list readers. */
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';

export interface ListItem {
  url: string;
  title: string;
  date: string | null;
}

/** `2022-1-5`, `2022/01/05`, `2022年1月5日`, `[2022-01-05]`, `2022.01.05` → `2022-01-05`; null when there is no date. */
export function normalizeDate(text: string | null | undefined): string | null {
  const m = text?.match(/(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1990 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/**
 * A JSON field's date: text as above, or epoch milliseconds / seconds (集约化 platforms send
 * `1642636800000`), read as China time (the portals' own clock, UTC+8).
 */
export function normalizeDateValue(v: unknown): string | null {
  const n =
    typeof v === 'number' ? v : typeof v === 'string' && /^\d{10}(\d{3})?$/.test(v.trim()) ? Number(v) : null;
  if (n !== null && Number.isFinite(n)) {
    const ms = n < 1e11 ? n * 1000 : n;
    const d = new Date(ms + 8 * 3600_000);
    const y = d.getUTCFullYear();
    if (y < 1990 || y > 2100) return null;
    return `${y}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
  }
  return typeof v === 'string' ? normalizeDate(v) : null;
}

/** Absolute URL without its fragment, or null for javascript:, mailto: and unparsable hrefs. */
export function absoluteUrl(href: string | undefined, base: string): string | null {
  if (!href) return null;
  const h = href.trim();
  if (!h || /^(javascript|mailto|tel):/i.test(h) || h.startsWith('#')) return null;
  try {
    const u = new URL(h, base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.toString();
  } catch {
    return null;
  }
}

export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Markup in a title (search highlighting: `<font color=red>2021</font>年…`) and entities, removed. */
export function plainTitle(s: string): string {
  return squash(
    s
      .replace(/<[^>]*>/g, '')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
      .replace(/&amp;/g, '&'),
  );
}

/**
 * A link's title: its `title` attribute when that is at least as long as its text (lists cut long
 * titles in the text, `…`, and keep them whole in the attribute), else the text (some templates put
 * `点击查看` or the column's name in `title`).
 */
export function linkTitle(a: Cheerio<AnyNode>): string {
  const text = squash(a.text());
  const attr = squash(a.attr('title') ?? '');
  return attr.replace(/[.…]+$/, '').length >= text.replace(/[.…]+$/, '').length ? attr : text;
}

/** One item element → a list item: its link (by selector), title and date. */
export function readItem(
  $: CheerioAPI,
  el: AnyNode,
  pageUrl: string,
  style: { linkSelector: string; dateSelector: string },
): ListItem | null {
  const li = $(el);
  const a = li.is(style.linkSelector) ? li : li.find(style.linkSelector).first();
  const url = absoluteUrl(a.attr('href'), pageUrl);
  if (!url) return null;
  const title = linkTitle(a);
  if (!title) return null;
  const dateText = style.dateSelector ? li.find(style.dateSelector).first().text() : '';
  return { url, title, date: normalizeDate(dateText) ?? normalizeDate(li.text()) };
}
