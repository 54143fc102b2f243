/** One entry of a list page, before filtering; shared by the HTML and JSON list readers. */
export interface ListItem {
  url: string;
  title: string;
  date: string | null;
}

/** `2022-1-5`, `2022/01/05`, `2022年1月5日`, `[2022-01-05]` → `2022-01-05`; null when there is no date. */
export function normalizeDate(text: string | null | undefined): string | null {
  const m = text?.match(/(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/);
  if (!m) return null;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
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
