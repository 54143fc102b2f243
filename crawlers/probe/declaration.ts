/**
 * The source declaration a probe writes: its preset plus only what differs from it, so the entry
 * stays short and keeps following the preset where the site does.
 */
import { defineSource } from '../../config/sources/load.ts';
import type { PresetName } from '../../config/sources/presets.ts';
import type { ListStyle, Source } from '../../config/sources/schema.ts';

export interface DeclarationParts {
  id: string;
  name: string;
  preset: PresetName;
  listUrl: string;
  /** A directory page and the link text of its columns, instead of the one list. */
  directory?: { url: string; linkText: string };
  list: Partial<ListStyle>;
  detail: { contentSelector?: string; attachmentSelector?: string };
  allowPrivate: boolean;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Fields of `value` that differ from `base` (objects compared field by field, `paging` as a whole). */
function diff(value: Record<string, unknown>, base: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const b = base[k];
    if (isObject(v) && isObject(b) && k !== 'paging') {
      const d = diff(v, b);
      if (Object.keys(d).length > 0) out[k] = d;
    } else if (!same(v, b)) out[k] = v;
  }
  return out;
}

/** A path relative to the origin when the URL is on it (declarations stay readable), else the URL. */
export function pathOn(url: string, origin: string): string {
  const u = new URL(url);
  return u.origin === origin ? `${u.pathname}${u.search}` : url;
}

export function buildDeclaration(parts: DeclarationParts): Record<string, unknown> {
  const origin = new URL(parts.listUrl).origin;
  const base: Source = defineSource({ id: 'probe', preset: parts.preset, baseUrl: origin });
  const entry: Record<string, unknown> = {
    id: parts.id,
    ...(parts.name ? { name: parts.name } : {}),
    preset: parts.preset,
    baseUrl: origin,
  };
  if (parts.directory)
    entry.directory = {
      paths: [pathOn(parts.directory.url, origin)],
      linkText: `^${parts.directory.linkText.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
    };
  else entry.lists = [{ path: pathOn(parts.listUrl, origin) }];
  const list = diff(parts.list as Record<string, unknown>, base.list as unknown as Record<string, unknown>);
  if (Object.keys(list).length > 0) entry.list = list;
  const detail = diff(parts.detail, base.detail as unknown as Record<string, unknown>);
  if (Object.keys(detail).length > 0) entry.detail = detail;
  if (parts.allowPrivate) entry.allowPrivate = true;
  return entry;
}

/** An id from the host and the list's path: `www.nb.gov.cn` + `/col/col1229/index.html` → `nb-col1229`. */
export function suggestId(listUrl: string): string {
  const u = new URL(listUrl);
  const ip = /^[\d.]+$|:/.test(u.hostname);
  const host = ip
    ? `local-${u.port || '80'}`
    : u.hostname
        .replace(/^www\./, '')
        .replace(/\.(gov|org|com|net)\.cn$|\.cn$|\.com$/, '')
        .split('.')
        .reverse()
        .join('-');
  const segments = u.pathname.split('/').filter((s) => s && !/^(index|list|default)[._-]?/i.test(s));
  const tail = (segments.at(-1) ?? '').replace(/\.\w+$/, '');
  const query = [...u.searchParams].find(([k]) => /col|cat|channel|column/i.test(k))?.[1] ?? '';
  const raw = [host, tail || query].filter(Boolean).join('-');
  const id = raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 48);
  return /^[a-z0-9]/.test(id) ? id : `s-${id}`;
}
