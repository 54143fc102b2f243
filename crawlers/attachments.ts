/**
 * Attachments of a detail page: links to office documents and PDFs inside the content area (where
 * the report is), not the site's footer downloads. Falls back to the whole body when a page has no
 * recognisable content container.
 */
import * as cheerio from 'cheerio';
import { absoluteUrl } from './discover/list-item.ts';
import type { DocumentRef } from './types.ts';

export const ATTACHMENT_EXTENSIONS = ['docx', 'doc', 'pdf', 'wps', 'xls', 'xlsx', 'et'] as const;
const EXT = new RegExp(`\\.(${ATTACHMENT_EXTENSIONS.join('|')})$`, 'i');
export const DEFAULT_CONTENT_SELECTOR = '.content, #zoom, .TRS_Editor, article';

export interface Attachment {
  url: string;
  title: string;
  ext: string;
}

function extOf(url: string): string | null {
  const u = new URL(url);
  const fromPath = u.pathname.match(EXT)?.[1];
  if (fromPath) return fromPath.toLowerCase();
  // Download scripts: /download.jsp?file=report.pdf
  for (const v of u.searchParams.values()) {
    const m = v.match(EXT)?.[1];
    if (m) return m.toLowerCase();
  }
  return null;
}

/** Cheap pre-check: most detail pages link no document at all, and parsing them is the costly part. */
const MAY_LINK = new RegExp(`\\.(${ATTACHMENT_EXTENSIONS.join('|')})\\b`, 'i');

/**
 * The same pre-check on raw bytes, before decoding: file extensions are ASCII, and ASCII bytes mean
 * the same in UTF-8 and GBK (GBK's second bytes never fall in a-z after a '.' lead byte).
 */
export function mayLinkAttachments(bytes: Uint8Array): boolean {
  return MAY_LINK.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
}

export function findAttachments(
  html: string,
  baseUrl: string,
  contentSelector = DEFAULT_CONTENT_SELECTOR,
): Attachment[] {
  if (!MAY_LINK.test(html)) return [];
  const $ = cheerio.load(html);
  let scope = $(contentSelector);
  if (scope.length === 0) scope = $('body');
  const seen = new Set<string>();
  const out: Attachment[] = [];
  scope.find('a[href]').each((_, el) => {
    const a = $(el);
    const url = absoluteUrl(a.attr('href'), baseUrl);
    if (!url || seen.has(url)) return;
    const ext = extOf(url);
    if (!ext) return;
    seen.add(url);
    out.push({ url, title: (a.attr('title') ?? a.text()).replace(/\s+/g, ' ').trim(), ext });
  });
  return out;
}

/** The refs the fetch stage enqueues for a detail page's attachments. */
export function attachmentRefs(parent: DocumentRef, attachments: Attachment[]): DocumentRef[] {
  return attachments.map((a) => ({
    source: parent.source,
    url: a.url,
    title: a.title || parent.title,
    date: parent.date,
    listUrl: parent.listUrl,
    kind: 'attachment' as const,
    parentUrl: parent.url,
  }));
}
