/** What a family module provides, and markup the families share. */
import iconv from 'iconv-lite';
import { escapeHtml } from '../../support/render/html.ts';
import { attachmentReply, CONTENT_TYPES } from './documents.ts';
import { type FamilyItem, type FamilySite, NEWS_TITLES } from './site.ts';

export interface Reply {
  /** Unset: 200 (and the item's truncation fault may apply). */
  status?: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

export interface FamilyApp {
  /** The preset a declaration of this site starts from. */
  preset: string;
  /** The 年度报告 column's first page, path and query. */
  listPath: string;
  homePath: string;
  /** Request targets (path and query) that answer 503 twice before they work. */
  burstTargets: string[];
  route(url: URL): Reply | null | Promise<Reply | null>;
}

export interface FamilyDefinition {
  /** Markup variations the family renders (variant numbers wrap around). */
  variants: number;
  /** Variants that are a site's 繁體 version (titles and agencies in traditional characters). */
  traditional?: number[];
  build(site: FamilySite): FamilyApp;
}

export const HTML_UTF8 = 'text/html; charset=utf-8';

export function html(body: string, contentType = HTML_UTF8): Reply {
  return { headers: { 'content-type': contentType }, body };
}

/**
 * A page in GBK, declared in the header, in a meta tag only (the header says `text/html`), or both:
 * the page's `<meta charset="utf-8">` is replaced accordingly.
 */
export function gbk(page: string, declared: 'header' | 'meta' | 'both'): Reply {
  const meta =
    declared === 'header' ? '' : '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">';
  const body = iconv.encode(page.replace('<meta charset="utf-8">', meta), 'gbk');
  return { headers: { 'content-type': declared === 'meta' ? 'text/html' : 'text/html; charset=GBK' }, body };
}

export const json = (data: unknown): Reply => ({
  headers: { 'content-type': 'application/json;charset=UTF-8' },
  body: JSON.stringify(data),
});

/** Long titles are cut in link text, as portals do; the full title stays in `title`. */
export const short = (t: string, n = 22) => (t.length > n ? `${t.slice(0, n - 1)}…` : t);

/**
 * A home page: a navigation bar with the site's columns (the 年度报告 column among them, under
 * `reportLinkText`) and a news box with dated items, so a probe must tell a column link from an item.
 */
export function homePage(
  site: FamilySite,
  columns: Array<{ href: string; text: string }>,
  news: Array<{ href: string }>,
): string {
  const nav = columns.map((c) => `<li><a href="${c.href}">${escapeHtml(c.text)}</a></li>`).join('\n');
  const box = news
    .map(
      (n, i) =>
        `<li><a href="${n.href}" title="${escapeHtml(NEWS_TITLES[i % NEWS_TITLES.length]!)}">${escapeHtml(short(NEWS_TITLES[i % NEWS_TITLES.length]!))}</a><span>2024-0${1 + (i % 9)}-1${i}</span></li>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(site.siteName)}门户网站</title></head>
<body>
<div class="header"><h1>${escapeHtml(site.siteName)}</h1></div>
<div class="nav"><ul>
<li><a href="/">首页</a></li>
${nav}
</ul></div>
<div class="news"><h3>要闻动态</h3><ul>
${box}
</ul></div>
<div class="footer">主办：${escapeHtml(site.siteName)}办公室 网站标识码：3601000000</div>
</body></html>
`;
}

/** The footer most detail pages share, with a footer download that is not an attachment of the report. */
export const FOOTER = `<div class="footer"><a href="/help/website-guide.pdf">网站使用帮助.pdf</a> 主办单位：区人民政府办公室</div>`;

export const isHome = (path: string) => path === '/' || path === '/index.html';

/** The head every detail page shares: title and the meta tags portals publish. */
export function detailHead(it: FamilyItem): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(it.title)}</title>
<meta name="ArticleTitle" content="${escapeHtml(it.title)}"><meta name="PubDate" content="${it.date} 09:30">
<meta name="ContentSource" content="${escapeHtml(it.agency)}">
</head>`;
}

/**
 * The site's downloads and detail pages. Download scripts are keyed by path and query (the file is
 * named by a parameter) and answer as the item's type hint says; static files are keyed by path and
 * typed by their extension, as web servers do.
 */
export function itemRoute(
  site: FamilySite,
  detail: (it: FamilyItem) => Reply,
  opts: { staticFiles: boolean },
): (url: URL) => Promise<Reply | null> {
  const byDetail = new Map(site.items.map((it) => [it.detailPath, it]));
  const downloads = new Map(site.attachments().map((it) => [it.attachmentPath!, it]));
  return async (url) => {
    const file = downloads.get(opts.staticFiles ? url.pathname : `${url.pathname}${url.search}`);
    if (file) {
      const a = await attachmentReply(file);
      const headers: Record<string, string> = { ...a.headers };
      if (opts.staticFiles) headers['content-type'] = CONTENT_TYPES[file.kind as 'docx' | 'doc'];
      return { headers, body: a.body };
    }
    const it = byDetail.get(url.pathname);
    return it ? detail(it) : null;
  };
}
