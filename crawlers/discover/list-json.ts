/**
 * Reads a JSON list endpoint's answer with the source's field names: items as objects (Epoint,
 * JCMS data proxies), items as HTML fragments (大汉 dataproxy records), or one HTML fragment holding
 * the list (集约化 platforms' `data.html`). Titles lose search-highlight markup; dates may be epoch ms.
 */
import type { ListStyle } from '../../config/sources/schema.ts';
import { parseFragments, parseHtmlList } from './list-html.ts';
import { absoluteUrl, type ListItem, normalizeDateValue, plainTitle } from './list-item.ts';

export function at(obj: unknown, path: string): unknown {
  if (!path) return obj;
  return path
    .split('.')
    .reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      obj,
    );
}

export interface JsonListPage {
  items: ListItem[];
  /** Page count the answer states (directly, or as an item count to divide by the page size). */
  pageCount: number | null;
  /** Item count the answer states (`json.totalPath`). */
  total: number | null;
}

export function parseJsonText(text: string, pageUrl: string): unknown {
  try {
    // Some endpoints prefix their JSON with a BOM or wrap it in a JSONP call.
    const body = text.replace(/^\uFEFF/, '').trim();
    const jsonp = body.match(/^[\w$.]+\s*\(([\s\S]*)\)\s*;?$/);
    return JSON.parse(jsonp ? jsonp[1]! : body);
  } catch (cause) {
    throw new Error(`${pageUrl}: list answer is not JSON`, { cause });
  }
}

const positive = (v: unknown): number | null => {
  const n = Number(v);
  return v !== null && v !== '' && Number.isFinite(n) && n > 0 ? n : null;
};

export function parseJsonList(
  text: string,
  pageUrl: string,
  style: Pick<ListStyle, 'itemSelector' | 'linkSelector' | 'dateSelector' | 'json'>,
): JsonListPage {
  const json = style.json;
  const data = parseJsonText(text, pageUrl);
  let items: ListItem[];
  if (json.htmlPath) {
    const html = at(data, json.htmlPath);
    if (typeof html !== 'string')
      throw new Error(`${pageUrl}: no HTML at "${json.htmlPath}" in the list answer`);
    items = parseHtmlList(html, pageUrl, style);
  } else {
    const rows = at(data, json.itemsPath);
    if (!Array.isArray(rows))
      throw new Error(`${pageUrl}: no array at "${json.itemsPath}" in the list answer`);
    if (rows.every((r) => typeof r === 'string')) items = parseFragments(rows as string[], pageUrl, style);
    else {
      items = [];
      for (const row of rows) {
        const url = absoluteUrl(String(at(row, json.urlField) ?? ''), pageUrl);
        const title = plainTitle(String(at(row, json.titleField) ?? ''));
        if (url && title) items.push({ url, title, date: normalizeDateValue(at(row, json.dateField)) });
      }
    }
  }
  const total = json.totalPath ? positive(at(data, json.totalPath)) : null;
  return { items, pageCount: positive(at(data, json.pageCountPath)), total };
}

/**
 * The URL of page `page`: `param` set in the query, or, for `outer.inner`, `inner` set inside the
 * JSON held by the query parameter `outer` (`?paramJson={"pageNo":1,"pageSize":15}`).
 */
export function queryPageUrl(firstUrl: string, param: string, page: number): string {
  const u = new URL(firstUrl);
  const dot = param.indexOf('.');
  if (dot > 0) {
    const outer = param.slice(0, dot);
    const inner = param.slice(dot + 1);
    const raw = u.searchParams.get(outer);
    let obj: Record<string, unknown> = {};
    if (raw) {
      try {
        const parsed = JSON.parse(raw) as unknown;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          obj = parsed as Record<string, unknown>;
      } catch {
        // not JSON: replaced by an object holding only the page
      }
    }
    obj[inner] = page;
    u.searchParams.set(outer, JSON.stringify(obj));
    return u.toString();
  }
  u.searchParams.set(param, String(page));
  return u.toString();
}
