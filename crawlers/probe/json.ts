/**
 * A JSON list answer read without being told its shape: the array of items (objects with a title, a
 * link and a date; HTML fragments; or one HTML string holding the list), the fields, and where the
 * answer states its item or page count.
 */
import type { ListStyle } from '../../config/sources/schema.ts';
import { parseFragments } from '../discover/list-html.ts';
import { absoluteUrl, type ListItem, normalizeDateValue, plainTitle } from '../discover/list-item.ts';
import { inferHtmlItems } from './items.ts';

export interface InferredJson {
  json: Partial<ListStyle['json']>;
  /** Selectors, when items are HTML (fragments or one fragment). */
  selectors?: Partial<Pick<ListStyle, 'itemSelector' | 'linkSelector' | 'dateSelector'>>;
  items: ListItem[];
  /** What the count fields say. */
  total: number | null;
  pageCount: number | null;
}

interface Found {
  path: string;
  value: unknown;
}

/** Every value in the answer with its dotted path (arrays are not descended into beyond their first element's keys). */
function walk(data: unknown, path = '', out: Found[] = [], depth = 0): Found[] {
  if (depth > 5 || data === null || typeof data !== 'object') return out;
  if (Array.isArray(data)) return out;
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    const p = path ? `${path}.${k}` : k;
    out.push({ path: p, value: v });
    walk(v, p, out, depth + 1);
  }
  return out;
}

const looksLikeUrl = (v: unknown) =>
  typeof v === 'string' && /^(https?:\/\/|\/|\.\.?\/)\S+$/.test(v.trim()) && !/\s/.test(v.trim());
const hasCjk = (v: unknown) => typeof v === 'string' && /[\u4e00-\u9fff]/.test(v);

function bestField(
  rows: Record<string, unknown>[],
  test: (v: unknown) => boolean,
  prefer: RegExp,
): string | null {
  const keys = new Set(rows.flatMap((r) => Object.keys(r)));
  let best: { key: string; hits: number } | null = null;
  for (const key of keys) {
    let hits = rows.filter((r) => test(r[key])).length;
    if (hits === 0) continue;
    if (prefer.test(key)) hits += 0.5;
    if (!best || hits > best.hits) best = { key, hits };
  }
  return best?.key ?? null;
}

const TOTAL_KEY =
  /^(total|totalRecord|totalRecords|totalCount|totalNum|recordCount|recordTotal|count|totalSize|totalElements|records?Count|rowCount)$/i;
const PAGES_KEY = /^(totalPage|totalPages|pageCount|pages|pageTotal|countPage|totalPageNum|pageNum?Total)$/i;

function countAt(found: Found[], key: RegExp, except: string): { path: string; n: number } | null {
  for (const f of found) {
    const last = f.path.split('.').pop()!;
    if (!key.test(last) || f.path.startsWith(`${except}.`)) continue;
    const n = Number(f.value);
    if (f.value !== '' && f.value !== null && Number.isFinite(n) && n >= 0) return { path: f.path, n };
  }
  return null;
}

export function inferJsonList(
  data: unknown,
  pageUrl: string,
  score: (title: string) => number,
): InferredJson | null {
  const found = walk(data);
  const candidates: InferredJson[] = [];
  const counts = (itemsPath: string) => {
    const total = countAt(found, TOTAL_KEY, itemsPath);
    const pages = countAt(found, PAGES_KEY, itemsPath);
    return {
      json: {
        ...(total ? { totalPath: total.path } : {}),
        ...(pages ? { pageCountPath: pages.path } : {}),
      },
      total: total?.n ?? null,
      pageCount: pages?.n ?? null,
    };
  };
  const arrays: Found[] = Array.isArray(data) ? [{ path: '', value: data }] : found;
  for (const f of arrays) {
    if (!Array.isArray(f.value) || f.value.length === 0) continue;
    const rows = f.value;
    if (rows.every((r) => typeof r === 'string') && rows.some((r) => /<a\s[^>]*href/i.test(r as string))) {
      const selectors = { linkSelector: 'a', dateSelector: '' };
      const items = parseFragments(rows as string[], pageUrl, selectors);
      candidates.push({
        json: { itemsPath: f.path, ...counts(f.path).json },
        selectors,
        items,
        ...pick(counts(f.path)),
      });
      continue;
    }
    const objects = rows.filter(
      (r): r is Record<string, unknown> => !!r && typeof r === 'object' && !Array.isArray(r),
    );
    if (objects.length === 0) continue;
    const urlField = bestField(objects, looksLikeUrl, /url|link|href|path/i);
    const titleField = bestField(objects, (v) => hasCjk(v) && String(v).length >= 4, /title|name|subject/i);
    if (!urlField || !titleField) continue;
    const dateField = bestField(objects, (v) => normalizeDateValue(v) !== null, /date|time|day/i);
    const items: ListItem[] = [];
    for (const row of objects) {
      const url = absoluteUrl(String(row[urlField] ?? ''), pageUrl);
      const title = plainTitle(String(row[titleField] ?? ''));
      if (url && title)
        items.push({ url, title, date: dateField ? normalizeDateValue(row[dateField]) : null });
    }
    candidates.push({
      json: {
        itemsPath: f.path,
        titleField,
        urlField,
        ...(dateField ? { dateField } : {}),
        ...counts(f.path).json,
      },
      items,
      ...pick(counts(f.path)),
    });
  }
  // One HTML string holding the whole list (集约化 `data.html`).
  for (const f of found) {
    if (typeof f.value !== 'string' || !/<a\s[^>]*href/i.test(f.value)) continue;
    const inferred = inferHtmlItems(f.value, pageUrl, score);
    if (!inferred || inferred.items.length === 0) continue;
    const { items, ...selectors } = inferred;
    candidates.push({
      json: { htmlPath: f.path, ...counts(f.path).json },
      selectors,
      items,
      ...pick(counts(f.path)),
    });
  }
  const points = (c: InferredJson) =>
    c.items.length + c.items.reduce((s, i) => s + score(i.title) + (i.date ? 1 : 0), 0);
  return candidates.sort((a, b) => points(b) - points(a))[0] ?? null;
}

function pick(c: { total: number | null; pageCount: number | null }) {
  return { total: c.total, pageCount: c.pageCount };
}
