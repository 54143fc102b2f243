/**
 * The fetcher: one polite GET with everything a government portal needs — scope checks, robots.txt,
 * a per-host limiter, manual redirects (each hop re-checked), retries with backoff and Retry-After,
 * anti-bot challenges solved once in a browser (the cookie is then reused statically), and optional
 * browser rendering for JS-built pages. It returns raw bytes; storing and parsing are the caller's.
 */
import { Agent } from 'undici';
import type { Logger } from '../../config/logger.ts';
import { silentLogger } from '../../config/logger.ts';
import { BrowserUnavailableError, type FetchErrorCode, fetchError, isFetchError } from '../errors.ts';
import type {
  BrowserPool,
  Clock,
  FetchedDocument,
  Fetcher,
  FetchOptions,
  HostLimiter,
  RobotsCache,
} from '../types.ts';
import { systemClock } from '../types.ts';
import { type BackoffPolicy, defaultBackoff, retryDelay } from './backoff.ts';
import { isChallenge } from './challenge.ts';
import { createCookieJar } from './cookies.ts';
import { requestOnce } from './request.ts';
import { statusError, toDocument } from './response.ts';
import { checkScope, guardedLookup, resolveLocation } from './scope.ts';

export interface FetcherOptions {
  userAgent: string;
  allowHosts: (host: string) => boolean;
  /** Allow loopback and private addresses (the local test portal). */
  allowPrivate?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  /** Retries after the first attempt, for retryable faults. */
  retries?: number;
  backoff?: BackoffPolicy;
  maxRedirects?: number;
  limiter?: HostLimiter;
  robots?: RobotsCache;
  browser?: BrowserPool;
  logger?: Logger;
  clock?: Clock;
  random?: () => number;
  /** Sockets per origin (keep-alive pool). */
  connections?: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function createFetcher(opts: FetcherOptions): Fetcher {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxBytes = opts.maxBytes ?? 50 * 1024 * 1024;
  const retries = opts.retries ?? 3;
  const backoff = opts.backoff ?? defaultBackoff;
  const maxRedirects = opts.maxRedirects ?? 5;
  const clock = opts.clock ?? systemClock;
  const log = opts.logger ?? silentLogger;
  const scope = { allowHosts: opts.allowHosts, allowPrivate: opts.allowPrivate ?? false };
  const jar = createCookieJar();
  const agent = new Agent({
    connections: opts.connections ?? 64,
    keepAliveTimeout: 10_000,
    connect: { timeout: timeoutMs, ...(scope.allowPrivate ? {} : { lookup: guardedLookup }) },
  });

  async function checkRobots(url: string): Promise<void> {
    if (opts.robots && !(await opts.robots.isAllowed(url, opts.userAgent))) {
      throw fetchError('fetch.robots_disallowed', { url }, 'disallowed by robots.txt');
    }
  }

  /**
   * Browser requests pass the same scope and politeness gates as static ones, at the moment the
   * browser sends them (gating before launching a page would let the slot expire during start-up).
   */
  const browserGate = async (reqUrl: string): Promise<false | (() => void)> => {
    let host: string;
    try {
      host = checkScope(reqUrl, scope).hostname;
    } catch {
      return false;
    }
    await opts.limiter?.acquire(host);
    return releaserFor(host);
  };

  /** release(host) frees the current holder, so each hold must be given back exactly once. */
  function releaserFor(host: string): () => void {
    let held = true;
    return () => {
      if (held) opts.limiter?.release?.(host);
      held = false;
    };
  }

  /**
   * A browser failure as a fetch error: Chromium that cannot start is a missing prerequisite
   * (`fetch.browser_unavailable`, not retried), anything else the page's fault (`code`).
   */
  const browserFailure = (code: FetchErrorCode, url: string, what: string) => (cause: unknown) => {
    if (cause instanceof BrowserUnavailableError)
      throw fetchError('fetch.browser_unavailable', { url, cause }, cause.message);
    throw fetchError(code, { url, cause }, `${what}: ${(cause as Error).message}`);
  };

  /** Concurrent requests that hit the same host's challenge share one browser solve. */
  const solving = new Map<string, Promise<void>>();
  function solveChallenge(url: string, host: string): Promise<void> {
    let p = solving.get(host);
    if (!p) {
      p = solveOnce(url, host).finally(() => solving.delete(host));
      solving.set(host, p);
    }
    return p;
  }

  async function solveOnce(url: string, host: string): Promise<void> {
    if (!opts.browser)
      throw fetchError(
        'fetch.challenge_failed',
        { url, status: 412 },
        'anti-bot challenge and no browser pool to solve it',
      );
    log.info({ url }, 'solving anti-bot challenge in the browser');
    const result = await opts.browser
      .render({ url, userAgent: opts.userAgent, timeoutMs, onRequest: browserGate })
      .catch(browserFailure('fetch.challenge_failed', url, 'browser could not load the challenge'));
    const forHost = (d: string) => host === d.replace(/^\./, '') || (d.startsWith('.') && host.endsWith(d));
    if (!result.cookies.some((c) => forHost(c.domain)))
      throw fetchError(
        'fetch.challenge_failed',
        { url, status: 412 },
        `the challenge set no cookie for ${host}`,
      );
    jar.absorbBrowser(url, result.cookies);
  }

  /** One attempt: follows redirects hop by hop, each hop gated. */
  async function attempt(
    url: string,
    options: FetchOptions,
    challengeSolved: { done: boolean },
  ): Promise<FetchedDocument> {
    const seen = new Set<string>();
    let current = url;
    for (let hop = 0; ; hop++) {
      const u = checkScope(current, scope);
      const host = u.hostname;
      if (seen.has(current)) throw fetchError('fetch.redirect_loop', { url }, `redirect loop at ${current}`);
      seen.add(current);
      if (hop > maxRedirects)
        throw fetchError('fetch.too_many_redirects', { url }, `more than ${maxRedirects} redirects`);
      await checkRobots(current);
      if (options.render) {
        if (!opts.browser)
          throw fetchError(
            'fetch.render_failed',
            { url },
            'rendering asked for but no browser pool configured',
          );
        const r = await opts.browser
          .render({
            url: current,
            userAgent: opts.userAgent,
            waitFor: options.waitFor,
            timeoutMs,
            onRequest: browserGate,
          })
          .catch(browserFailure('fetch.render_failed', url, 'browser rendering failed'));
        jar.absorbBrowser(r.finalUrl, r.cookies);
        if (r.status !== null && r.status >= 400) throw statusError(url, r.status, {}, clock.now());
        const html = new TextEncoder().encode(r.html);
        const headers = { 'content-type': 'text/html; charset=utf-8' };
        return toDocument({
          url,
          finalUrl: r.finalUrl,
          status: r.status ?? 200,
          headers,
          bytes: html,
          rendered: true,
          now: clock.now(),
        });
      }
      const headers: Record<string, string> = {
        'user-agent': opts.userAgent,
        accept: '*/*',
        'accept-language': 'zh-CN,zh;q=0.9',
      };
      const cookie = jar.header(current);
      if (cookie) headers.cookie = cookie;
      await opts.limiter?.acquire(host);
      const release = releaserFor(host);
      const res = await requestOnce(current, {
        dispatcher: agent,
        headers,
        timeoutMs,
        maxBytes,
        onHeaders: release,
      }).finally(release);
      jar.absorb(current, res.setCookie);
      if (REDIRECTS.has(res.status)) {
        current = resolveLocation(res.headers.location, current, { url, status: res.status });
        continue;
      }
      if (isChallenge(res.status, res.bytes)) {
        if (challengeSolved.done)
          throw fetchError(
            'fetch.challenge_failed',
            { url, status: res.status },
            'still challenged after solving once',
          );
        await solveChallenge(current, host);
        challengeSolved.done = true;
        // The retry goes through the gate again: politeness holds for the extra request too.
        seen.delete(current);
        hop--;
        continue;
      }
      if (res.status >= 400) throw statusError(url, res.status, res.headers, clock.now());
      const { status, headers: h, bytes } = res;
      return toDocument({
        url,
        finalUrl: current,
        status,
        headers: h,
        bytes,
        rendered: false,
        encoding: options.encoding,
        now: clock.now(),
      });
    }
  }

  return {
    async fetch(url, options = {}) {
      const challengeSolved = { done: false };
      for (let i = 0; ; i++) {
        try {
          return await attempt(url, options, challengeSolved);
        } catch (err) {
          if (!isFetchError(err) || !err.retryable || i >= retries) throw err;
          const retryAfter = 'retryAfterMs' in err ? err.retryAfterMs : null;
          const wait = retryDelay(i, retryAfter, backoff, opts.random);
          log.debug({ url, code: err.code, attempt: i + 1, wait }, 'retrying');
          await clock.sleep(wait);
        }
      }
    },
    async close() {
      // Not close(), which waits out requests in flight: at close, one still in flight belongs to a
      // job given up on (its time limit, a stall, Ctrl-C) and may wait on a server that never
      // answers. destroy() cuts it; a finished crawl has none, so nothing else changes.
      await agent.destroy();
    },
  };
}
