/**
 * A whole crawl of one source without a queue: discover, then fetch every report (and its
 * attachments) with bounded concurrency, handing each raw document to `store` before anything parses
 * it. The pipeline runs the same steps as queue stages; this is the zero-setup path and the harness
 * for the e2e tests and the benchmark. Failures are collected with their code, never thrown.
 */

import { describeError, isXxgkError } from '../config/errors.ts';
import type { Logger } from '../config/logger.ts';
import { silentLogger } from '../config/logger.ts';
import { attachmentSelector, type Source } from '../config/sources/schema.ts';
import { decodeBytes } from '../extractors/decode.ts';
import { attachmentRefs, findAttachments, mayLinkAttachments } from './attachments.ts';
import { discover } from './discover/index.ts';
import type { DocumentRef, FetchedDocument, Fetcher } from './types.ts';

export interface CrawlFailure {
  url: string;
  kind: 'list' | 'detail' | 'attachment';
  code: string;
  message: string;
}

export interface CrawlResult {
  refs: DocumentRef[];
  stored: number;
  failures: CrawlFailure[];
}

export interface CrawlDeps {
  fetcher: Fetcher;
  store: (doc: FetchedDocument, ref: DocumentRef) => Promise<void>;
  isKnown?: (url: string) => Promise<boolean>;
  full?: boolean;
  concurrency?: number;
  logger?: Logger;
}

/** Fetches one ref, stores it, and returns the refs of its attachments (detail pages only). */
export async function fetchAndStore(
  ref: DocumentRef,
  source: Source,
  deps: Pick<CrawlDeps, 'fetcher' | 'store'>,
): Promise<DocumentRef[]> {
  const doc = await deps.fetcher.fetch(ref.url, { encoding: source.encoding ?? undefined });
  await deps.store(doc, ref);
  if (ref.kind !== 'detail' || !doc.encoding || !mayLinkAttachments(doc.bytes)) return [];
  const html = decodeBytes(doc.bytes, {
    contentType: doc.contentType ?? undefined,
    charset: source.encoding ?? doc.encoding ?? undefined,
  }).text;
  return attachmentRefs(ref, findAttachments(html, doc.finalUrl, attachmentSelector(source)));
}

export async function crawlSource(source: Source, deps: CrawlDeps): Promise<CrawlResult> {
  const log = deps.logger ?? silentLogger;
  const failures: CrawlFailure[] = [];
  const refs: DocumentRef[] = [];
  let stored = 0;
  const fail = (url: string, kind: CrawlFailure['kind'], err: unknown) => {
    failures.push({
      url,
      kind,
      code: isXxgkError(err) ? err.code : 'crawl.unexpected',
      message: describeError(err),
    });
    log.warn({ url, err: describeError(err) }, 'crawl failure');
  };

  const queue: DocumentRef[] = [];
  const wakers: Array<() => void> = [];
  let discovering = true;
  const push = (r: DocumentRef) => {
    refs.push(r);
    queue.push(r);
    wakers.shift()?.();
  };

  async function worker(): Promise<void> {
    for (;;) {
      const ref = queue.shift();
      if (!ref) {
        if (!discovering) return;
        await new Promise<void>((r) => wakers.push(r));
        continue;
      }
      try {
        const more = await fetchAndStore(ref, source, deps);
        stored++;
        for (const a of more) push(a);
      } catch (err) {
        fail(ref.url, ref.kind, err);
      }
    }
  }

  const n = Math.max(1, deps.concurrency ?? source.concurrency);
  const workers = Array.from({ length: n }, worker);
  try {
    for await (const ref of discover(source, {
      fetcher: deps.fetcher,
      isKnown: deps.isKnown ?? (async () => false),
      full: deps.full ?? true,
      logger: log,
      onError: (url, err) => fail(url, 'list', err),
    })) {
      push(ref);
    }
  } finally {
    discovering = false;
    for (const w of wakers.splice(0)) w();
  }
  // Workers may still be adding attachment refs; wait until all are idle with an empty queue.
  await Promise.all(workers);
  return { refs, stored, failures };
}
