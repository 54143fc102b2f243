/**
 * Wires a fetcher for a set of sources the usual way: scope = the sources' hosts, robots.txt through a
 * second fetcher (no robots check of its own), one limiter shared by both, an optional browser pool.
 * The pipeline and the CLI build this once per process; pass a Redis limiter to share politeness.
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

export function createHttpStack(
  sources: Source[],
  opts: {
    userAgent: string;
    limiter?: HostLimiter;
    browser?: BrowserPool;
    logger?: Logger;
    robots?: boolean;
  } & Partial<FetcherOptions>,
): HttpStack {
  const hosts = new Set(sources.flatMap(sourceHosts));
  const intervals = new Map<string, number>();
  for (const s of sources)
    for (const h of sourceHosts(s))
      intervals.set(h, Math.max(intervals.get(h) ?? 0, s.rateLimit.minIntervalMs));
  const limiter = opts.limiter ?? createLocalLimiter((host) => intervals.get(host) ?? 1000);
  const base: FetcherOptions = {
    ...opts,
    allowHosts: (h) => hosts.has(h),
    allowPrivate: opts.allowPrivate ?? sources.some((s) => s.allowPrivate),
    limiter,
  };
  const robotsFetcher = createFetcher({ ...base, browser: undefined, retries: 1 });
  const robots = opts.robots === false ? undefined : createRobotsCache(robotsTextVia(robotsFetcher));
  const fetcher = createFetcher({ ...base, robots });
  return {
    fetcher,
    limiter,
    async close() {
      await Promise.all([fetcher.close(), robotsFetcher.close()]);
    },
  };
}
