/**
 * Pictures of a report inside its page: county and township sites often publish the annual report
 * as scanned pages shown with `<img>` in the content, or linked as .jpg/.png/.tif files. Those images
 * are fetched as attachments of the page and, when the page's own text holds no table, read by OCR
 * together, in page order (pipeline/stages/ocr.ts).
 *
 * Only where the report's text would be: the content container (`detail.attachmentSelector`, default
 * the content selector), never the site's chrome. Only pages without an HTML table in that
 * container: a report whose tables are HTML is read from its text, and its logos and seals are not
 * worth a request. Icons, QR codes, share buttons and spacer pictures are left out by their names
 * and declared sizes; what is left is fetched, and OCR says whether it holds a report.
 */
import * as cheerio from 'cheerio';
import { DEFAULT_CONTENT_SELECTOR } from '../config/sources/schema.ts';
import { absoluteUrl } from './discover/list-item.ts';

export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'tif', 'tiff', 'bmp'] as const;
const IMAGE_EXT = new RegExp(`\\.(${IMAGE_EXTENSIONS.join('|')})$`, 'i');
/** Chrome, not content: named so by the site's own file names. */
const CHROME =
  /(icon|logo|qrcode|erweima|ewm|share|print|close|arrow|btn|button|spacer|blank|banner|weixin|weibo)[^/]*$/i;
/** A declared width or height under this (px) is an icon, not a scanned page. */
const MIN_SIDE = 200;
/** A report has a handful of pages; a gallery of more is something else. */
export const MAX_PAGE_IMAGES = 30;

export interface PageImage {
  url: string;
  /** How the page shows it: an inline picture or a link to the file. */
  via: 'img' | 'link';
}

/** Cheap pre-check on the page's text: no picture at all, no parsing. */
const MAY_HAVE = new RegExp(`<img\\b|\\.(${IMAGE_EXTENSIONS.join('|')})\\b`, 'i');

/** The same pre-check on raw bytes, before decoding (ASCII patterns: the same in UTF-8 and GBK). */
export function mayShowImages(bytes: Uint8Array): boolean {
  return MAY_HAVE.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
}

function small(v: string | undefined): boolean {
  if (!v) return false;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) && n > 0 && n < MIN_SIDE && !v.trim().endsWith('%');
}

export function findPageImages(
  html: string,
  baseUrl: string,
  selector: string = DEFAULT_CONTENT_SELECTOR,
): PageImage[] {
  if (!MAY_HAVE.test(html)) return [];
  const $ = cheerio.load(html);
  let scope = $(selector);
  if (scope.length === 0) scope = $('body');
  // The report's tables are in the text: its pictures are decoration.
  if (scope.find('td').length > 0) return [];
  const seen = new Set<string>();
  const out: PageImage[] = [];
  const consider = (ref: string | undefined, via: PageImage['via'], pathMustShowImage: boolean) => {
    if (!ref || /^data:/i.test(ref.trim())) return;
    const url = absoluteUrl(ref, baseUrl);
    if (!url || seen.has(url)) return;
    const path = decodeSafe(new URL(url).pathname);
    if (CHROME.test(path)) return;
    // A link must show it is a picture; an <img> is one whatever its URL says (image.do?id=…), but a .gif never a scan.
    if (pathMustShowImage ? !IMAGE_EXT.test(path) : /\.(gif|svg)$/i.test(path)) return;
    seen.add(url);
    out.push({ url, via });
  };
  // Document order: the pages of a scan are shown in order.
  scope.find('img[src], a[href]').each((_, el) => {
    const e = $(el);
    if (el.tagName === 'img') {
      if (small(e.attr('width')) || small(e.attr('height'))) return;
      consider(e.attr('data-src') ?? e.attr('src'), 'img', false);
    } else consider(e.attr('href'), 'link', true);
  });
  return out.slice(0, MAX_PAGE_IMAGES);
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
