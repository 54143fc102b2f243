/**
 * fetch: get one URL politely, store its raw bytes before anything parses them, then decide what
 * the document is. A page that only wraps attachments is not itself a report: its attachments are
 * fetched instead, carrying the page's meta (agency, date, title) as extraction hints. A page without
 * attachments whose content shows pictures and no HTML table (a scanned report shown page by page)
 * has those pictures fetched and stored with it, as its attachments: the extract stage hands the
 * page to OCR when its text holds no table.
 */
import { isXxgkError } from '../../config/errors.ts';
import type { Source } from '../../config/sources/schema.ts';
import { decodeBytes, mayLinkAttachments, mayShowImages } from '../../crawlers/index.ts';
import { sniffMagic } from '../../extractors/documents/magic.ts';
import { type FetchPayload, jobIds, type NextJob, type PageHints } from '../payloads.ts';
import type { StageDeps, StoredDocument } from '../ports.ts';
import type { StageResult } from './result.ts';

export async function fetchStage(p: FetchPayload, deps: StageDeps): Promise<StageResult> {
  const existing = p.force ? null : await deps.store.documentIdForUrl(p.url);
  const ref = { source: p.source, url: p.url, kind: p.kind, parentUrl: p.parentUrl };
  let doc: StoredDocument;
  let attachments: NextJob[];
  if (existing !== null) {
    // Fetched before (or by a worker that died before enqueuing the next step): no network, just continue.
    doc = await deps.store.getDocument(existing);
    attachments = attachmentJobs(p, doc, deps);
    await recordAttachmentsThenFetched(p, attachments, doc.id, deps);
  } else {
    const fetched = await deps.fetch(p.url, deps.source(p.source));
    attachments = attachmentJobs(p, fetched, deps);
    if (attachments.length === 0) {
      // Nothing to record before the page counts as fetched: its bytes and its ref's state are
      // written together, batched with other jobs' (one transaction for many pages).
      doc = (await deps.store.storeFetched(p.source, fetched, ref)).document;
      await deps.store.bumpRun(p.runId, 'fetched');
    } else {
      doc = (await deps.store.storeDocument(p.source, fetched, p.parentUrl)).document;
      await deps.store.bumpRun(p.runId, 'fetched');
      await recordAttachmentsThenFetched(p, attachments, doc.id, deps);
    }
  }
  const next = attachments.length > 0 ? attachments : [extractJob(p, doc.id, deps)];
  const images = attachments.length === 0 ? await fetchPageImages(p, doc, deps) : 0;
  return {
    next,
    summary: {
      documentId: doc.id,
      fresh: existing === null,
      next: next.map((j) => j.stage),
      ...(images ? { images } : {}),
    },
  };
}

/**
 * A page's attachments are recorded before the page counts as fetched: if this process dies before
 * they are fetched (an in-process queue dies with its jobs), the next crawl finds them still `new`.
 */
async function recordAttachmentsThenFetched(
  p: FetchPayload,
  attachments: NextJob[],
  documentId: number,
  deps: StageDeps,
): Promise<void> {
  if (attachments.length > 0) {
    await deps.store.upsertRefs(
      attachments.map((j) => {
        const a = j.data as FetchPayload;
        return {
          source: a.source,
          url: a.url,
          title: a.hints.title ?? '',
          date: a.hints.publishedOn ?? null,
          listUrl: '',
          kind: 'attachment' as const,
          parentUrl: p.url,
        };
      }),
    );
  }
  await deps.store.markFetched(
    { source: p.source, url: p.url, kind: p.kind, parentUrl: p.parentUrl },
    documentId,
  );
}

/**
 * The pictures a detail page shows instead of tables, fetched and stored as its attachments, one
 * after the other through the same polite fetcher. A picture that cannot be had for good (404, not
 * allowed) is recorded as a fetch failure and left out: OCR reads the others and the record says
 * what is missing; a transient failure fails the job, which is retried (stored pictures are not
 * fetched again).
 */
async function fetchPageImages(p: FetchPayload, page: StoredDocument, deps: StageDeps): Promise<number> {
  if (p.kind === 'attachment' || !isHtml(page)) return 0;
  const source = deps.source(p.source);
  const images = pageImageUrls(page, deps, source);
  let stored = 0;
  for (const url of images) {
    const ref = { source: p.source, url, kind: 'attachment', parentUrl: p.url };
    let id = p.force ? null : await deps.store.documentIdForUrl(url);
    if (id === null) {
      try {
        const fetched = await deps.fetch(url, source);
        id = (await deps.store.storeDocument(p.source, fetched, p.url)).document.id;
      } catch (err) {
        if (!isXxgkError(err) || err.retryable) throw err;
        deps.logger.warn({ url, page: p.url, err: err.message }, 'page image not fetched');
        await deps.store.recordFetchFailure(ref, err.code, err.message);
        continue;
      }
    }
    await deps.store.markFetched(ref, id);
    stored++;
  }
  return stored;
}

/** The page's pictures that may be its report's pages (crawlers/page-images.ts), in page order. */
export function pageImageUrls(
  page: Pick<StoredDocument, 'encoding' | 'bytes' | 'contentType' | 'finalUrl' | 'url'>,
  deps: Pick<StageDeps, 'findPageImages'>,
  source: Source,
): string[] {
  if (!mayHold(page, mayShowImages)) return [];
  let html: string;
  try {
    html = decodeText(page);
  } catch {
    // Not text after all (a download served as a page): no pictures to look for.
    return [];
  }
  return deps.findPageImages(html, page.finalUrl || page.url, source).map((i) => i.url);
}

export function isHtml(doc: Pick<StoredDocument, 'contentType' | 'bytes'>): boolean {
  // Bytes that prove a document (PDF, Word, a zip) win over the header: servers send .docx as
  // application/vnd.openxmlformats-…+xml and PDFs as text/html.
  if (sniffMagic(doc.bytes) !== null) return false;
  if (doc.contentType) return /html|^\s*(text|application)\/xml/i.test(doc.contentType);
  const head = Buffer.from(doc.bytes.subarray(0, 512)).toString('latin1').trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<');
}

/**
 * A page's bytes looked at before it is decoded here: most pages link no document and show no
 * picture, and their text is then never needed in this thread (the extractor decodes it on its
 * own). The checks look for ASCII, the same bytes in UTF-8 and GBK; UTF-16 is decoded first.
 */
function mayHold(
  doc: Pick<StoredDocument, 'encoding' | 'bytes'>,
  check: (bytes: Uint8Array) => boolean,
): boolean {
  const b = doc.bytes;
  // UTF-16 by its label, its byte-order mark, or (no mark) the zero bytes of its ASCII.
  const utf16 =
    /utf-?16|unicode/i.test(doc.encoding ?? '') ||
    (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) ||
    b.subarray(0, 512).includes(0);
  return utf16 || check(b);
}

/** The stored bytes as text, in the charset the fetcher recorded (or sniffed again when it recorded none). */
export function decodeText(doc: Pick<StoredDocument, 'encoding' | 'bytes' | 'contentType'>): string {
  return decodeBytes(doc.bytes, { contentType: doc.contentType, charset: doc.encoding }).text;
}

/** The fetch jobs of a page's attachments (none for an attachment, or a page without any). */
function attachmentJobs(
  p: FetchPayload,
  doc: Pick<StoredDocument, 'contentType' | 'bytes' | 'encoding' | 'finalUrl' | 'url'>,
  deps: StageDeps,
): NextJob[] {
  if (p.kind === 'attachment' || !isHtml(doc) || !mayHold(doc, mayLinkAttachments)) return [];
  const html = decodeText(doc);
  const attachments = deps.findAttachments(html, doc.finalUrl || doc.url, deps.source(p.source));
  if (attachments.length === 0) return [];
  const meta = deps.extractPageMeta(html);
  const hints: PageHints = {
    title: meta.title ?? p.hints.title ?? null,
    agency: meta.agency ?? p.hints.agency ?? null,
    publishedOn: meta.publishedOn ?? p.hints.publishedOn ?? null,
    indexNo: meta.indexNo ?? p.hints.indexNo ?? null,
  };
  return attachments.map((a) => ({
    stage: 'fetch' as const,
    jobId: jobIds.fetchOf({ url: a.url, force: p.force, runId: p.runId }),
    data: {
      runId: p.runId,
      source: p.source,
      url: a.url,
      parentUrl: p.url,
      kind: 'attachment',
      force: p.force,
      hints,
    },
  }));
}

function extractJob(p: FetchPayload, documentId: number, deps: StageDeps): NextJob {
  return {
    stage: 'extract',
    jobId: jobIds.extract(documentId, deps.extractorVersion, p.url),
    data: {
      runId: p.runId,
      source: p.source,
      documentId,
      url: p.url,
      parentUrl: p.parentUrl,
      hints: p.hints,
    },
  };
}
