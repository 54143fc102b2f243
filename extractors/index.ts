/**
 * The extractor's public API: text/HTML or bytes in, the canonical record of
 * ../shared/spec/report-schema.md out. Pure: no network, database, file system or clock.
 */
import * as cheerio from 'cheerio';
import { finding } from './findings.ts';
import type { ExtractHints } from './hints.ts';
import type { DomNode } from './html-parse.ts';
import { domToText, loadHtml, looksLikeHtml, stripTags } from './html-text.ts';
import { bytesToContent } from './input.ts';
import { challengeFinding } from './input-checks.ts';
import { normaliseText } from './normalise.ts';
import { type PageMeta, pageMetaFrom } from './page-meta.ts';
import type { ReportRecord } from './record.ts';
import { extractFromText, type SourceTable, sourceTables } from './report.ts';
import { findHeadings } from './sections.ts';
import { parseSimpleSelector, selectFirst } from './select.ts';

export { ExtractInputError } from './errors.ts';
export type { ExtractHints } from './hints.ts';
export { isReport } from './input-checks.ts';
export { extractPageMeta } from './page-meta.ts';
export type { Cell, Finding, ReportRecord } from './record.ts';
export type { SourceTable } from './report.ts';

/** Bump on any change of behaviour: the dataset records which version produced a record. */
export const EXTRACTOR_VERSION = '1.9.0';

function failed(hints: ExtractHints, message: string): ReportRecord {
  return {
    status: 'failed',
    meta: {
      title: hints.title ?? null,
      agency: hints.agency ?? null,
      year: hints.year ?? null,
      published_on: hints.publishedOn ?? null,
      index_no: hints.indexNo ?? null,
    },
    templates: { active: null, requests: null, appeals: null },
    cells: [],
    findings: [finding('table.missing', 'error', null, null, null, message)],
    sections: { overview: null, problems: null, other: null },
  };
}

/** The normalised text the extractor reads (and cells' positions refer to), with the page's metadata. */
function readableText(
  input: string,
  html: boolean,
  contentSelector?: string | null,
): { text: string; page: PageMeta | null } {
  let text = input;
  let page: PageMeta | null = null;
  // The whole text normalised at most once (no closure for it: under tsx every named closure
  // costs a defineProperty per call, ~1 % of a text report's time).
  let whole: string | null = null;
  if (html) {
    const $ = loadHtml(input);
    text = $ ? domToText($) : stripTags(input);
    if ($) page = pageMetaFrom($, text.split('\n'));
    if (contentSelector) {
      const inner = containerText(input, $, contentSelector);
      // Normalised once: what the headings are counted on is what is read.
      const read = inner === null ? null : normaliseText(inner);
      if (read !== null) {
        whole = normaliseText(text);
        if (holdsReport(read, whole)) return { text: read, page };
      }
    }
  }
  return { text: whole ?? normaliseText(text), page };
}

/**
 * The text of the first element `selector` matches, or null (no match, a selector cheerio
 * rejects). Read from the whole document's DOM, so tables are numbered as in the whole page: the
 * DOM already built when the selector is a list of simple compounds (select.ts), else cheerio's.
 */
function containerText(input: string, $: DomNode | null, selector: string): string | null {
  const simple = $ ? parseSimpleSelector(selector) : null;
  const el = $ && simple ? selectFirst($, simple) : undefined;
  if ($ && el !== undefined) return el ? domToText($, el) : null;
  try {
    const doc = cheerio.load(input, { xml: { xmlMode: false, decodeEntities: true } });
    const el = doc(selector).first()[0];
    if (!el) return null;
    return domToText(doc.root()[0] as unknown as DomNode, el as unknown as DomNode);
  } catch {
    return null;
  }
}

/** The container holds at least as many of the report's sections as the whole page (both normalised). */
function holdsReport(inner: string, whole: string): boolean {
  const count = (t: string) => new Set(findHeadings(t.split('\n')).map((h) => h.key)).size;
  const n = count(inner);
  return n > 0 && n >= count(whole);
}

function extractContent(input: string, html: boolean, hints: ExtractHints): ReportRecord {
  try {
    if (typeof input !== 'string' || input.trim() === '') {
      const empty = failed(hints, 'empty input: no table found');
      empty.findings.push(
        finding('input.not_report', 'error', null, null, null, 'the input is empty: not a report'),
      );
      return empty;
    }
    const { text, page } = readableText(input, html, hints.contentSelector);
    const record = extractFromText(text, hints, page);
    if (record.status === 'failed') {
      const challenge = challengeFinding(input);
      if (challenge) record.findings.unshift(challenge);
    }
    return record;
  } catch (err) {
    return failed(hints, `extraction failed: ${(err as Error)?.message ?? String(err)}`);
  }
}

/** Plain text or an HTML document/fragment (told apart by its tags) → record. Never throws. */
export function extractText(input: string, hints: ExtractHints = {}): ReportRecord {
  return extractContent(input, typeof input === 'string' && looksLikeHtml(input), hints);
}

/** Bytes (HTML, text, .docx, .pdf, .doc) → record. Throws ExtractInputError only for unreadable input. */
export async function extractBytes(bytes: Uint8Array, hints: ExtractHints = {}): Promise<ReportRecord> {
  const content = await bytesToContent(bytes, hints);
  // The sniffed kind decides: a text file that mentions `<p>` is still text.
  return extractContent(content.content, content.kind === 'html', hints);
}

/**
 * A document read again for tracing (`xxgk trace`): the record the extractor makes of it now, and
 * its table sections with their grids, what a cell's `source` (table index, row, column) points
 * into. Same hints as extraction (url, filename, contentType, charset decide how bytes are decoded).
 */
export async function readDocument(
  bytes: Uint8Array,
  hints: ExtractHints = {},
): Promise<{ record: ReportRecord; tables: SourceTable[] }> {
  const content = await bytesToContent(bytes, hints);
  const html = content.kind === 'html';
  return {
    record: extractContent(content.content, html, hints),
    tables: sourceTables(readableText(content.content, html, hints.contentSelector).text),
  };
}
