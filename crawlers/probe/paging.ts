/**
 * How an HTML list pages, read from its first page: a TRS createPageHTML call, a 大汉 datastore
 * (`?uid=UNIT&pageNum=N`), or the pager's links — a page parameter (`?page=2`) or numbered file names
 * (`index_1.html`, `list_2.shtml`, `list-2.html`). Says what it saw, and what it could not read.
 */
import * as cheerio from 'cheerio';
import type { Paging } from '../../config/sources/schema.ts';
import { readCreatePageHTML, statedPageCount } from '../discover/list-html.ts';
import { absoluteUrl } from '../discover/list-item.ts';

export interface InferredPaging {
  paging: Paging;
  /** Pages the list states it has; null when it does not say (the walk goes until the list ends). */
  pageCount: number | null;
  /** The first page's URL as the declaration should name it (datastore lists add their unit id). */
  listUrl: string;
  evidence: string;
  /** Set when a pager is there but could not be read. */
  problem?: string;
}

export const PAGE_PARAM =
  /^(page|pageNo|pageNum|pageIndex|pageNumber|currentPage|curPage|cur_page|page_no|pn|p|pageindex|pagenum)$/i;
const NEXT = /^\s*(下一[页頁]|下[页頁]|[后後]一[页頁]|next|›|>|»)\s*$/i;
const LAST = /^\s*(尾[页頁]|末[页頁]|最[后後]一[页頁]|last|»»)\s*$/i;

function lastNumber(name: string): { template: string; n: number } | null {
  const m = name.match(/^(.*?)(\d+)(\D*)$/);
  if (!m) return null;
  return { template: `${m[1]}{n}${m[3]}`, n: Number(m[2]) };
}

const dirOf = (u: URL) => u.pathname.slice(0, u.pathname.lastIndexOf('/') + 1);
const fileOf = (u: URL) => u.pathname.slice(u.pathname.lastIndexOf('/') + 1);

export function inferHtmlPaging(html: string, pageUrl: string, format: 'html' | 'datastore'): InferredPaging {
  const stated = statedPageCount(html);
  const call = readCreatePageHTML(html);
  if (call) {
    const first = new URL(`${call.prefix}.${call.suffix}`, pageUrl).toString();
    return {
      paging: { style: 'createPageHTML' },
      pageCount: Math.max(1, call.count),
      listUrl: call.current > 0 ? first : pageUrl,
      evidence: `createPageHTML(…) in the page: ${call.count} page(s), ${call.prefix}.${call.suffix}, ${call.prefix}_1.${call.suffix}…`,
    };
  }
  if (format === 'datastore' && !/<script[^>]*text\/xml/i.test(html)) {
    // The datastore is the whole answer: an XML endpoint (大汉's dataproxy.jsp), paged by its URL.
    const u = new URL(pageUrl);
    const param = [...u.searchParams].find(([k, val]) => PAGE_PARAM.test(k) && /^\d+$/.test(val));
    if (param)
      return {
        paging: { style: 'query', param: param[0], first: Number(param[1]) > 1 ? 1 : Number(param[1]) },
        pageCount: stated,
        listUrl: pageUrl,
        evidence: `an XML datastore answer, page parameter ${param[0]}=${param[1]} in its URL${stated ? `, ${stated} page(s) from <totalrecord>/<totalpage>` : ''}`,
      };
    if (stated !== null && stated > 1)
      return {
        paging: { style: 'none' },
        pageCount: stated,
        listUrl: pageUrl,
        evidence: 'an XML datastore answer without a page parameter',
        problem: `the answer has ${stated} pages but the URL has no page parameter (page, pageNum…) to ask for the others`,
      };
  }
  if (format === 'datastore') {
    const unit =
      html.match(/<div[^>]*\bid=["']?(\d+)["']?[^>]*>\s*<script[^>]*type=["']?text\/xml/i)?.[1] ??
      html.match(/unitid=(\d+)/i)?.[1];
    if (!unit)
      return {
        paging: { style: 'none' },
        pageCount: stated,
        listUrl: pageUrl,
        evidence: 'datastore without a unit id',
        problem: 'the datastore has no unit id (the `uid` of `?uid=…&pageNum=N`): cannot name its pages',
      };
    const u = new URL(pageUrl);
    u.searchParams.delete('pageNum');
    u.searchParams.set('uid', unit);
    return {
      paging: { style: 'query', param: 'pageNum', first: 1 },
      pageCount: stated,
      listUrl: u.toString(),
      evidence: `大汉 datastore of unit ${unit}${stated ? `, ${stated} page(s) from totalRecord/perPage` : ', no totalRecord/perPage'}`,
    };
  }

  const $ = cheerio.load(html);
  const here = new URL(pageUrl);
  const query = new Map<string, { values: number[]; next: number | null; last: number | null }>();
  const numbered = new Map<string, { ns: number[]; next: number | null; last: number | null }>();
  const pager: { unreadableNext: string | null } = { unreadableNext: null };
  $('a[href]').each((_, el) => {
    const a = $(el);
    const text = a.text();
    const isNext = NEXT.test(text);
    const isLast = LAST.test(text);
    const abs = absoluteUrl(a.attr('href'), pageUrl);
    if (!abs) {
      if (isNext) pager.unreadableNext = a.attr('href') ?? '';
      return;
    }
    const u = new URL(abs);
    if (u.origin !== here.origin) return;
    if (u.pathname === here.pathname || (fileOf(u) === '' && dirOf(u) === dirOf(here))) {
      for (const [k, v] of u.searchParams) {
        if (!PAGE_PARAM.test(k) || !/^\d+$/.test(v) || here.searchParams.get(k) === v) continue;
        const e = query.get(k) ?? { values: [], next: null, last: null };
        e.values.push(Number(v));
        if (isNext) e.next = Number(v);
        if (isLast) e.last = Number(v);
        query.set(k, e);
      }
      return;
    }
    if (dirOf(u) !== dirOf(here) || u.search) return;
    const num = lastNumber(fileOf(u));
    if (!num || !/\.(s?html?|jsp|aspx?|php)$/i.test(num.template)) return;
    const e = numbered.get(num.template) ?? { ns: [], next: null, last: null };
    e.ns.push(num.n);
    if (isNext) e.next = num.n;
    if (isLast) e.last = num.n;
    numbered.set(num.template, e);
  });

  const byLinks = <T extends { next: number | null }>(m: Map<string, T>, size: (t: T) => number) =>
    [...m].sort(
      (a, b) => Number(b[1].next !== null) - Number(a[1].next !== null) || size(b[1]) - size(a[1]),
    )[0];

  const q = byLinks(query, (e) => e.values.length);
  if (q) {
    const [param, e] = q;
    const current = here.searchParams.get(param);
    const first =
      e.next !== null
        ? e.next - 1
        : current !== null
          ? Number(current)
          : Math.min(...e.values) >= 2
            ? 1
            : Math.min(...e.values);
    const max = Math.max(e.last ?? 0, ...e.values);
    // A count from the links only when they list the pages (a last-page link, or several numbers).
    const listed = e.last !== null || new Set(e.values).size >= 3;
    const count = stated ?? (listed ? max - first + 1 : null);
    const u = new URL(pageUrl);
    u.searchParams.delete(param);
    return {
      paging: { style: 'query', param, first: Math.max(0, first) },
      pageCount: count,
      listUrl: u.toString(),
      evidence: `pager links ?${param}=N${stated ? `, ${stated} page(s) stated` : count ? `, ${count} page(s) linked` : ''}`,
    };
  }
  const n = byLinks(numbered, (e) => e.ns.length);
  if (n) {
    const [template, e] = n;
    const own = lastNumber(fileOf(here));
    const ownN = own && own.template === template ? own.n : null;
    const start = ownN !== null ? ownN + 1 : e.next !== null ? e.next : Math.min(...e.ns);
    const max = Math.max(e.last ?? 0, ...e.ns);
    const listed = e.last !== null || new Set(e.ns).size >= 3;
    const count = stated ?? (listed ? max - start + 2 : null);
    return {
      paging: { style: 'numbered', template, start },
      pageCount: count,
      listUrl: pageUrl,
      evidence: `pager links ${template.replace('{n}', String(start))}…${stated ? `, ${stated} page(s) stated` : count ? `, ${count} page(s) linked` : ', count not stated'}`,
    };
  }
  const { unreadableNext } = pager;
  if (unreadableNext !== null || (stated !== null && stated > 1))
    return {
      paging: { style: 'none' },
      pageCount: stated,
      listUrl: pageUrl,
      evidence: 'a pager whose page URLs could not be read',
      problem: `the page has a pager (${unreadableNext !== null ? `下一页 → ${unreadableNext || '(no href)'}` : `${stated} pages stated`}) but no page URL pattern could be read from it`,
    };
  return { paging: { style: 'none' }, pageCount: 1, listUrl: pageUrl, evidence: 'no pager: one page' };
}
