/**
 * Attachments of a detail page: links to office documents and PDFs where the source says its family
 * puts them (`detail.attachmentSelector`, default the content container), not the site's footer
 * downloads; the whole page when nothing matches. Besides plain links: download scripts whose URL
 * does not show the type (大汉 `/module/download/downfile.jsp?…`), links written by a script
 * (TRS `document.write('<a href="./P0….docx">')`), and embedded PDF viewers. A download's type is
 * settled once fetched (`attachmentType`: Content-Disposition, then the URL, then the bytes).
 */
import * as cheerio from 'cheerio';
import iconv from 'iconv-lite';
import { DEFAULT_CONTENT_SELECTOR } from '../config/sources/schema.ts';
import { sniffKind } from '../extractors/decode.ts';
import { absoluteUrl } from './discover/list-item.ts';
import type { DocumentRef, FetchedDocument } from './types.ts';

export const ATTACHMENT_EXTENSIONS = ['docx', 'doc', 'pdf', 'wps', 'xls', 'xlsx', 'et', 'ofd'] as const;
const EXT_LIST = ATTACHMENT_EXTENSIONS.join('|');
const EXT = new RegExp(`\\.(${EXT_LIST})$`, 'i');

export { DEFAULT_CONTENT_SELECTOR };

/** Download scripts: the file is named by a parameter, often without its extension. */
const DOWNLOAD_SCRIPT = /(down(load)?file|download|filedown|getfile|attachment)[^/]*$/i;
const FILE_PARAM = /^(file_?name|file_?id|attach_?id)$/i;

export interface Attachment {
  url: string;
  title: string;
  /** Lower-case extension when the link shows it (URL, its file parameter, or its text); null: known once fetched. */
  ext: string | null;
}

function extIn(text: string | undefined | null): string | null {
  return text?.trim().match(EXT)?.[1]?.toLowerCase() ?? null;
}

/** Extension shown by a URL: its path, else any query value (download.jsp?file=report.pdf). */
export function extOfUrl(url: string): string | null {
  const u = new URL(url);
  const fromPath = extIn(decodeSafe(u.pathname));
  if (fromPath) return fromPath;
  for (const v of u.searchParams.values()) {
    const m = extIn(v);
    if (m) return m;
  }
  return null;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function isDownloadScript(u: URL): boolean {
  return DOWNLOAD_SCRIPT.test(u.pathname) || [...u.searchParams.keys()].some((k) => FILE_PARAM.test(k));
}

/** Cheap pre-check: most detail pages link no document at all, and parsing them is the costly part. */
const MAY_LINK = new RegExp(`\\.(${EXT_LIST})\\b|downfile|download|filename=|getfile`, 'i');

/**
 * The same pre-check on raw bytes, before decoding: file extensions are ASCII, and ASCII bytes mean
 * the same in UTF-8 and GBK (GBK's second bytes never fall in a-z after a '.' lead byte).
 */
export function mayLinkAttachments(bytes: Uint8Array): boolean {
  return MAY_LINK.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
}

/** `href="…"` / `src='…'` inside script text (links a template writes with document.write). */
const SCRIPT_HREF = /(?:href|src)\s*=\s*\\?["']([^"'\\<>\s]+)\\?["']/gi;
/** A quoted path in script text (`var fjurl = './P0….docx'`): ASCII, so a title attribute's file name is not taken for a URL. */
const SCRIPT_QUOTED_FILE = new RegExp(
  `(?<!(?:title|alt)=\\\\?)["']((?:\\.{0,2}/|https?://)?[\\w./%-]+\\.(?:${EXT_LIST}))["']`,
  'gi',
);

export function findAttachments(
  html: string,
  baseUrl: string,
  selector: string = DEFAULT_CONTENT_SELECTOR,
): Attachment[] {
  if (!MAY_LINK.test(html)) return [];
  const $ = cheerio.load(html);
  let scope = $(selector);
  if (scope.length === 0) scope = $('body');
  const seen = new Set<string>();
  const out: Attachment[] = [];
  const consider = (href: string | undefined, title: string, fromScript: boolean) => {
    const url = absoluteUrl(href, baseUrl);
    if (!url || seen.has(url)) return;
    const u = new URL(url);
    const ext = extOfUrl(url) ?? (isDownloadScript(u) ? extIn(title) : null);
    // A download script with no type in sight is still a document (typed once fetched); a script's
    // string is only taken when it plainly names a document.
    if (!ext && (fromScript || !isDownloadScript(u))) return;
    seen.add(url);
    out.push({ url, title, ext });
  };
  // Matches may nest (#zoom inside .content): `find` on the set would see inner links twice, `seen` dedupes.
  scope.find('a[href]').each((_, el) => {
    const a = $(el);
    const text = a.text().replace(/\s+/g, ' ').trim();
    const title = (a.attr('title') ?? '').trim();
    consider(a.attr('href'), title.length >= text.length ? title : text, false);
  });
  scope.find('iframe[src], embed[src], object[data]').each((_, el) => {
    const e = $(el);
    consider(e.attr('src') ?? e.attr('data'), '', false);
  });
  // Templates write attachment lists with a script inside the text or right after it (TRS's
  // `file_appendix`): scripts in the scope, and scripts following it or its parent.
  const scripts = scope.find('script').add(scope.nextAll('script')).add(scope.parent().nextAll('script'));
  scripts.each((_, el) => {
    const code = $(el).text();
    for (const m of code.matchAll(SCRIPT_HREF)) consider(m[1], '', true);
    for (const m of code.matchAll(SCRIPT_QUOTED_FILE)) consider(m[1], '', true);
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

/**
 * The file name a Content-Disposition header gives: RFC 5987 `filename*=UTF-8''…` first, else
 * `filename="…"`, whose raw bytes Chinese servers send in UTF-8 or GBK (Node hands them over as latin1).
 */
export function contentDispositionFilename(header: string | undefined): string | null {
  if (!header) return null;
  const star = header.match(/filename\*\s*=\s*([\w-]+)'[^']*'([^;]+)/i);
  if (star) {
    const [, charset, value] = star;
    try {
      const bytes = Buffer.from(
        value!
          .trim()
          .replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
        'latin1',
      );
      return iconv.encodingExists(charset!) ? iconv.decode(bytes, charset!) : bytes.toString('utf8');
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = header.match(/filename\s*=\s*(?:"([^"]*)"|([^;]+))/i);
  const raw = (plain?.[1] ?? plain?.[2])?.trim();
  if (!raw) return null;
  const bytes = Buffer.from(raw, 'latin1');
  if (bytes.every((b) => b < 0x80)) return decodeSafe(raw);
  const utf8 = bytes.toString('utf8');
  return utf8.includes('\uFFFD') ? iconv.decode(bytes, 'gb18030') : utf8;
}

export interface AttachmentType {
  ext: string;
  /** What settled it. */
  from: 'content-disposition' | 'url' | 'bytes';
}

const KIND_EXT: Record<string, string> = { docx: 'docx', pdf: 'pdf', doc: 'doc' };

/** What a fetched attachment is: Content-Disposition's file name, else the URL, else the bytes. */
export function attachmentType(
  doc: Pick<FetchedDocument, 'url' | 'finalUrl' | 'headers' | 'bytes' | 'contentType'>,
): AttachmentType | null {
  const named = extIn(contentDispositionFilename(doc.headers['content-disposition']));
  if (named) return { ext: named, from: 'content-disposition' };
  const fromUrl = extOfUrl(doc.finalUrl || doc.url);
  if (fromUrl) return { ext: fromUrl, from: 'url' };
  const kind = KIND_EXT[sniffKind(doc.bytes, doc.contentType ? { contentType: doc.contentType } : {})];
  return kind ? { ext: kind, from: 'bytes' } : null;
}
