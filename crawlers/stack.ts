/**
 * Wires a fetcher for a set of sources the usual way: scope = the sources' hosts, robots.txt through a
 * second fetcher (no robots check of its own), one limiter shared by both, an optional browser pool.
 * The per-host interval is the sources' `rateLimit.minIntervalMs`, raised to the host's robots.txt
 * `Crawl-delay` once that is known (a floor: a source may be slower, never faster).
 * The pipeline and the CLI build this once per process; pass a limiter factory (a Redis limiter) to
 * share politeness across processes.
 */
import type { Logger } from '../config/logger.ts';
import { type Source, sourceHosts } from '../config/sources/schema.ts';
import { createFetcher, type FetcherOptions } from './http/fetcher.ts';
import { createLocalLimiter } from './http/limiter.ts';
import { createRobotsCache } from './http/robots.ts';
import { robotsTextVia } from './http/robots-fetch.ts';
import type { BrowserPool, Fetcher, HostLimiter } from './types.ts';

export interface HttpStack {
  fetcher: Fetcher;
  limiter: HostLimiter;
  close(): Promise<void>;
}

/** Minimum ms between two requests to a host (evaluated at each request: it may rise). */
export type HostInterval = (host: string) => number;

export function createHttpStack(
  sources: Source[],
  opts: {
    userAgent: string;
    /** A ready limiter (its intervals are its own), or a factory handed the stack's intervals. */
    limiter?: HostLimiter | ((intervalOf: HostInterval) => HostLimiter);
    browser?: BrowserPool;
    logger?: Logger;
    robots?: boolean;
  } & Partial<Omit<FetcherOptions, 'limiter'>>,
): HttpStack {
  const hosts = new Set(sources.flatMap(sourceHosts));
  const intervals = new Map<string, number>();
  for (const s of sources)
    for (const h of sourceHosts(s))
      intervals.set(h, Math.max(intervals.get(h) ?? 0, s.rateLimit.minIntervalMs));
  let crawlDelay: HostInterval = () => 0;
  const intervalOf: HostInterval = (host) => Math.max(intervals.get(host) ?? 1000, crawlDelay(host));
  const limiter =
    typeof opts.limiter === 'function'
      ? opts.limiter(intervalOf)
      : (opts.limiter ?? createLocalLimiter(intervalOf));
  const base: FetcherOptions = {
    ...opts,
    allowHosts: (h) => hosts.has(h),
    allowPrivate: opts.allowPrivate ?? sources.some((s) => s.allowPrivate),
    limiter,
  };
  const robotsFetcher = createFetcher({ ...base, browser: undefined, retries: 1 });
  const robots = opts.robots === false ? undefined : createRobotsCache(robotsTextVia(robotsFetcher));
  if (robots?.crawlDelayMs) {
    const delayOf = robots.crawlDelayMs.bind(robots);
    crawlDelay = (host) => delayOf(host, opts.userAgent);
  }
  const fetcher = createFetcher({ ...base, robots });
  return {
    fetcher,
    limiter,
    async close() {
      await Promise.all([fetcher.close(), robotsFetcher.close()]);
    },
  };
}
