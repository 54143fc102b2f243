/** Reads a JSON list endpoint's answer (大汉 JCMS-style data proxies) with the source's field names. */
import type { ListStyle } from '../../config/sources/schema.ts';
import { absoluteUrl, type ListItem, normalizeDate } from './list-item.ts';

function at(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      obj,
    );
}

export function parseJsonList(
  text: string,
  pageUrl: string,
  json: ListStyle['json'],
): { items: ListItem[]; pageCount: number | null } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new Error(`${pageUrl}: list answer is not JSON`, { cause });
  }
  const rows = at(data, json.itemsPath);
  if (!Array.isArray(rows)) throw new Error(`${pageUrl}: no array at "${json.itemsPath}" in the list answer`);
  const items: ListItem[] = [];
  for (const row of rows) {
    const url = absoluteUrl(String(at(row, json.urlField) ?? ''), pageUrl);
    const title = String(at(row, json.titleField) ?? '').trim();
    if (url && title) items.push({ url, title, date: normalizeDate(String(at(row, json.dateField) ?? '')) });
  }
  const count = Number(at(data, json.pageCountPath));
  return { items, pageCount: Number.isFinite(count) && count > 0 ? count : null };
}

export function queryPageUrl(firstUrl: string, param: string, page: number): string {
  const u = new URL(firstUrl);
  u.searchParams.set(param, String(page));
  return u.toString();
}
