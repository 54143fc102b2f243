/**
 * Label keys: the comparable form of a row label. Noise the portals add (numbering like `一、`
 * `（三）` `1.`, spaces inside `规    章`, full-width or missing punctuation, quotes) is dropped;
 * what stays is the label's words. Keys are cached because the same few hundred labels recur.
 */

import { simplified } from './script.ts';

const NUMBERING =
  /^\s*(?:[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．,，]|\d{1,3}\s*[、.．,，](?!\d))\s*/;
const NON_WORD = /[^\u4e00-\u9fffA-Za-z0-9]+/g;
const cache = new Map<string, string>();

export function labelKey(label: string): string {
  const hit = cache.get(label);
  if (hit !== undefined) return hit;
  // Traditional characters (規章, 行政處罰) key as simplified: the key is for matching only.
  let s = simplified(label.length > 400 ? label.slice(0, 400) : label);
  for (let i = 0; i < 3; i++) {
    const m = NUMBERING.exec(s);
    if (!m) break;
    s = s.slice(m[0].length);
  }
  const key = s.replace(NON_WORD, '');
  if (cache.size > 20_000) cache.clear();
  cache.set(label, key);
  return key;
}

const LEADING_NUMBER = /^[一二三四五六七八九十\d]{1,3}/;

/** The key without leading parent-group words (`不予公开1属于国家秘密` → `属于国家秘密`), or null. */
export function stripGroups(key: string, groupKeys: readonly string[]): string | null {
  let s = key;
  let changed = true;
  let stripped = false;
  while (changed) {
    changed = false;
    for (const g of groupKeys) {
      if (g && s.length > g.length && s.startsWith(g)) {
        s = s.slice(g.length).replace(LEADING_NUMBER, '');
        changed = stripped = true;
      }
    }
  }
  return stripped && s !== '' ? s : null;
}
