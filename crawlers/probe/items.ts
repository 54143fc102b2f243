/**
 * Which elements of a page are its list items: links grouped by the repeated element that holds them
 * (an `li`, a table row, a `div.item`…), the group with the most dated, report-like entries wins, and
 * selectors are written for it and checked to select exactly that group again.
 */

import type { CheerioAPI } from 'cheerio';
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { parseHtmlList } from '../discover/list-html.ts';
import { absoluteUrl, type ListItem, linkTitle, normalizeDate } from '../discover/list-item.ts';

export interface InferredItems {
  itemSelector: string;
  linkSelector: string;
  dateSelector: string;
  items: ListItem[];
}

const isElement = (n: AnyNode | null | undefined): n is Element => !!n && n.type === 'tag';

/** `tag.class` of an element (its first class only: templates add state classes like `on`). */
function simple(el: Element): string {
  const cls = (el.attribs.class ?? '').trim().split(/\s+/)[0];
  return cls && /^[A-Za-z_][\w-]*$/.test(cls) ? `${el.name}.${cls}` : el.name;
}

const sameKind = (a: Element, b: Element) =>
  a.name === b.name && (a.attribs.class ?? '') === (b.attribs.class ?? '');

/** The element a link repeats with: the link's nearest ancestor (or itself) that has look-alike siblings. */
function repeatedHolder(a: Element): Element | null {
  let el: Element = a;
  for (let depth = 0; depth < 5; depth++) {
    const parent = el.parent;
    if (!isElement(parent) || parent.name === 'body') return null;
    const twins = parent.children.filter((c): c is Element => isElement(c) && sameKind(c, el));
    if (twins.length >= 2) return el;
    el = parent;
  }
  return null;
}

/** A selector for the holder's parent: an id if it has one, else tag.class with up to two ancestors. */
function parentSelector(parent: Element): string {
  const parts: string[] = [];
  let el: Element | null = parent;
  for (let i = 0; el && i < 3; i++) {
    const id = el.attribs.id;
    if (id && /^[A-Za-z_][\w-]*$/.test(id)) {
      parts.unshift(`#${id}`);
      break;
    }
    if (el.name === 'body' || el.name === 'html') break;
    parts.unshift(simple(el));
    el = isElement(el.parent) ? el.parent : null;
  }
  return parts.join(' > ');
}

interface Group {
  selector: string;
  holders: Element[];
  links: Element[];
}

function linkSelectorFor($: CheerioAPI, holder: Element, link: Element): string {
  const links = $(holder).find('a[href]').toArray();
  if (links[0] === link || holder === link) return 'a';
  if (link.attribs.title !== undefined && links.filter((l) => l.attribs.title !== undefined).length === 1)
    return 'a[title]';
  const cls = (link.attribs.class ?? '').trim().split(/\s+/)[0];
  if (cls && $(holder).find(`a.${cls}`)[0] === link) return `a.${cls}`;
  return `a:nth-of-type(${links.indexOf(link) + 1})`;
}

/** The element (other than the link) whose own text is the item's date, as a selector within the item. */
function dateSelectorFor($: CheerioAPI, holder: Element, link: Element): string {
  const candidates = $(holder)
    .find('*')
    .toArray()
    .filter(
      (el): el is Element =>
        isElement(el) && el !== link && !$(link).find(el).length && !$(el).find(link).length,
    )
    .filter((el) => normalizeDate($(el).text()) !== null);
  for (const el of candidates) {
    for (const sel of [simple(el), el.name]) {
      const first = $(holder).find(sel).first()[0];
      if (first === el) return sel;
    }
  }
  return '';
}

/**
 * The page's list: groups of report-like links by their repeated holder, the best one by
 * `score` (the caller's judgement of an item, e.g. passes the title filter) and dates.
 */
export function inferHtmlItems(
  html: string,
  pageUrl: string,
  score: (title: string) => number,
): InferredItems | null {
  const $ = cheerio.load(html);
  const groups = new Map<string, Group>();
  $('body a[href]').each((_, el) => {
    const a = el as Element;
    if (!absoluteUrl(a.attribs.href, pageUrl)) return;
    const title = linkTitle($(a));
    if (title.length < 6) return;
    const holder = repeatedHolder(a);
    if (!holder || !isElement(holder.parent)) return;
    const selector = `${parentSelector(holder.parent)} > ${simple(holder)}`;
    const g = groups.get(selector) ?? { selector, holders: [], links: [] };
    if (!g.holders.includes(holder)) {
      g.holders.push(holder);
      g.links.push(a);
    } else {
      // Several links in one holder: keep the one with the longest title (the item, not its category).
      const i = g.holders.indexOf(holder);
      if (linkTitle($(a)).length > linkTitle($(g.links[i]!)).length) g.links[i] = a;
    }
    groups.set(selector, g);
  });
  let best: { group: Group; points: number } | null = null;
  for (const group of groups.values()) {
    if (group.holders.length < 2 && groups.size > 1) continue;
    let points = group.holders.length;
    group.holders.forEach((h, i) => {
      if (normalizeDate($(h).text())) points += 2;
      points += score(linkTitle($(group.links[i]!)));
    });
    if (!best || points > best.points) best = { group, points };
  }
  if (!best) return null;
  const { group } = best;
  // The link and date selectors that hold for most items.
  const vote = (f: (h: Element, l: Element) => string) => {
    const counts = new Map<string, number>();
    group.holders.forEach((h, i) => {
      const s = f(h, group.links[i]!);
      counts.set(s, (counts.get(s) ?? 0) + 1);
    });
    return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  };
  const linkSelector = vote((h, l) => linkSelectorFor($, h, l));
  const dateSelector = vote((h, l) => dateSelectorFor($, h, l));
  const style = { itemSelector: group.selector, linkSelector, dateSelector };
  const items = parseHtmlList(html, pageUrl, style);
  return { ...style, items };
}
