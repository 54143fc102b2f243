/**
 * robots.txt, fetched once per origin and cached. robots-parser does the matching (groups, wildcards,
 * Allow/Disallow precedence), which is easy to get subtly wrong by hand.
 * Missing robots.txt (4xx) allows everything; an unreachable one (5xx, network) allows everything too
 * but is retried after `errorTtlMs` rather than cached for long.
 * `Crawl-delay` is read for the politeness floor (`crawlDelayMs`), capped at `maxCrawlDelayMs` so a
 * hostile or careless value (a day) cannot stall a nightly crawl.
 */
import { createRequire } from 'node:module';
import type { RobotsCache } from '../types.ts';

const robotsParser: typeof import('robots-parser').default = createRequire(import.meta.url)('robots-parser');

export type RobotsFetchText = (robotsUrl: string) => Promise<{ status: number; text: string }>;

export interface RobotsCacheOptions {
  ttlMs?: number;
  errorTtlMs?: number;
  now?: () => number;
  maxCrawlDelayMs?: number;
}

type Robot = ReturnType<typeof robotsParser>;

export function createRobotsCache(fetchText: RobotsFetchText, options: RobotsCacheOptions = {}): RobotsCache {
  const ttl = options.ttlMs ?? 24 * 3600_000;
  const errorTtl = options.errorTtlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const maxDelay = options.maxCrawlDelayMs ?? 60_000;
  const cache = new Map<string, { robot: Robot | null; expires: number; pending?: Promise<void> }>();

  async function load(origin: string): Promise<Robot | null> {
    const hit = cache.get(origin);
    if (hit && hit.expires > now()) return hit.robot;
    const robotsUrl = `${origin}/robots.txt`;
    let robot: Robot | null = null;
    let expires = now() + ttl;
    try {
      const { status, text } = await fetchText(robotsUrl);
      if (status >= 200 && status < 300) robot = robotsParser(robotsUrl, text);
      else if (status >= 500) expires = now() + errorTtl;
    } catch {
      expires = now() + errorTtl;
    }
    cache.set(origin, { robot, expires });
    return robot;
  }

  // Concurrent first requests to one origin share a single robots.txt fetch.
  const inflight = new Map<string, Promise<Robot | null>>();
  function get(origin: string): Promise<Robot | null> {
    const hit = cache.get(origin);
    if (hit && hit.expires > now()) return Promise.resolve(hit.robot);
    let p = inflight.get(origin);
    if (!p) {
      p = load(origin).finally(() => inflight.delete(origin));
      inflight.set(origin, p);
    }
    return p;
  }

  return {
    crawlDelayMs(host, userAgent) {
      let ms = 0;
      for (const [origin, hit] of cache) {
        if (!hit.robot || new URL(origin).hostname !== host) continue;
        const seconds = Number(hit.robot.getCrawlDelay(userAgent) ?? 0);
        if (Number.isFinite(seconds) && seconds > 0) ms = Math.max(ms, Math.min(seconds * 1000, maxDelay));
      }
      return ms;
    },
    async isAllowed(url, userAgent) {
      const u = new URL(url);
      if (u.pathname === '/robots.txt') return true;
      const robot = await get(u.origin);
      if (!robot) return true;
      return robot.isAllowed(url, userAgent) !== false;
    },
  };
}
