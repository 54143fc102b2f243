/** Shared set-up for the crawl e2e tests: a fetcher stack for the portal and an in-memory store. */
import { silentLogger } from '../../../config/logger.ts';
import type { Source } from '../../../config/sources/schema.ts';
import { type CrawlResult, crawlSource } from '../../../crawlers/crawl.ts';
import { discover } from '../../../crawlers/discover/index.ts';
import { createLocalLimiter } from '../../../crawlers/http/limiter.ts';
import { type ProbeReport, probe } from '../../../crawlers/probe/index.ts';
import { openProbeSession } from '../../../crawlers/probe/session.ts';
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
  opts: { browser?: BrowserPool; limiter?: HostLimiter; timeoutMs?: number } = {},
): HttpStack {
  return createHttpStack(sources, {
    userAgent: USER_AGENT,
    browser: opts.browser,
    limiter: opts.limiter,
    timeoutMs: opts.timeoutMs ?? 10_000,
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

/** `xxgk sources probe URL --allow-private --interval 0` in this process (with Chromium when `browser`). */
export async function probeLocal(url: string, opts: { browser?: boolean } = {}): Promise<ProbeReport> {
  const session = openProbeSession(url, {
    userAgent: USER_AGENT,
    chromiumPath: opts.browser ? CHROMIUM : '/nonexistent',
    browser: opts.browser ?? false,
    allowPrivate: true,
    intervalMs: 0,
  });
  try {
    return await probe(url, { fetcher: session.fetcher, canRender: session.canRender, allowPrivate: true });
  } finally {
    await session.close();
  }
}

/** A limiter that never waits: local portals crawled as fast as they answer (politeness is tested elsewhere). */
export const noWait = (): HostLimiter => createLocalLimiter(() => 0);

/** The detail URLs a source's discovery finds (a full walk, nothing fetched beyond the lists), sorted. */
export async function discoveredUrls(
  source: Source,
  opts: { browser?: BrowserPool } = {},
): Promise<string[]> {
  const stack = testStack([source], {
    limiter: noWait(),
    ...(opts.browser ? { browser: opts.browser } : {}),
  });
  try {
    const urls: string[] = [];
    for await (const ref of discover(source, {
      fetcher: stack.fetcher,
      isKnown: async () => false,
      full: true,
    }))
      urls.push(ref.url);
    return urls.sort();
  } finally {
    await stack.close();
  }
}
