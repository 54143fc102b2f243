/** Shared set-up for the crawl e2e tests: a fetcher stack for the portal and an in-memory store. */
import { silentLogger } from '../../../config/logger.ts';
import type { Source } from '../../../config/sources/schema.ts';
import { type CrawlResult, crawlSource } from '../../../crawlers/crawl.ts';
import { createHttpStack, type HttpStack } from '../../../crawlers/stack.ts';
import type { BrowserPool, DocumentRef, FetchedDocument, HostLimiter } from '../../../crawlers/types.ts';

export const CHROMIUM = process.env.XXGK_CHROMIUM_PATH ?? '/usr/bin/chromium';
export const USER_AGENT = 'xxgk-e2e/1.0 (+test)';

export interface Stored {
  doc: FetchedDocument;
  ref: DocumentRef;
}

export function testStack(
  sources: Source[],
  opts: { browser?: BrowserPool; limiter?: HostLimiter } = {},
): HttpStack {
  return createHttpStack(sources, {
    userAgent: USER_AGENT,
    browser: opts.browser,
    limiter: opts.limiter,
    timeoutMs: 10_000,
    retries: 3,
    backoff: { baseMs: 50, maxMs: 3_000 },
    logger: silentLogger,
  });
}

/** Crawls the sources concurrently (they share the host, so politeness must hold across them). */
export async function crawlAll(
  sources: Source[],
  stack: HttpStack,
  store: Map<string, Stored>,
  opts: { full?: boolean; isKnown?: (url: string) => Promise<boolean> } = {},
): Promise<Map<string, CrawlResult>> {
  const results = await Promise.all(
    sources.map((s) =>
      crawlSource(s, {
        fetcher: stack.fetcher,
        store: async (doc, ref) => void store.set(ref.url, { doc, ref }),
        full: opts.full ?? true,
        isKnown: opts.isKnown,
      }),
    ),
  );
  return new Map(sources.map((s, i) => [s.id, results[i]!]));
}

/** Gaps between consecutive requests as the server saw them. */
export function gaps(times: number[]): number[] {
  const t = [...times].sort((a, b) => a - b);
  return t.slice(1).map((x, i) => x - t[i]!);
}
