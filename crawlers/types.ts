/**
 * Shapes that cross the crawler's boundary. `DocumentRef` travels through queues, so it is zod data;
 * the rest are in-process interfaces (the fetcher and its injected parts).
 */
import { z } from 'zod';
import type { BrowserCookie } from './http/cookies.ts';

export const DocumentRefSchema = z.object({
  /** Id of the source declaration that found it. */
  source: z.string(),
  url: z.string().url(),
  title: z.string(),
  /** Publication date as listed (YYYY-MM-DD), when the list shows one. */
  date: z.string().nullable(),
  listUrl: z.string(),
  kind: z.enum(['detail', 'attachment']),
  /** The detail page an attachment was linked from. */
  parentUrl: z.string().nullable(),
});
export type DocumentRef = z.infer<typeof DocumentRefSchema>;

/** One HTTP answer, kept raw: the pipeline stores `bytes` before anything parses them. */
export interface FetchedDocument {
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  contentType: string | null;
  /** The charset the bytes are in (header, meta, BOM, sniffing or the source's override). */
  encoding: string | null;
  bytes: Uint8Array;
  fetchedAt: Date;
  sha256: string;
  /** True when the bytes are a browser's rendered DOM rather than the server's body. */
  rendered: boolean;
}

export interface FetchOptions {
  /** Render the page in the browser pool (JS-built lists). */
  render?: boolean;
  /** With `render`: wait until this selector exists before taking the DOM. */
  waitFor?: string;
  /** Charset override for this fetch (a source's `encoding`). */
  encoding?: string;
}

export interface Fetcher {
  fetch(url: string, options?: FetchOptions): Promise<FetchedDocument>;
  /** Releases sockets (and nothing else: the browser pool and limiter belong to the caller). */
  close(): Promise<void>;
}

/**
 * Waits until one more request to `host` is polite. A limiter with `release` holds the host from
 * `acquire` until `release` (call it once the response has started or the request failed), so the
 * interval counts from a moment the server has surely seen the request.
 */
export interface HostLimiter {
  acquire(host: string): Promise<void>;
  release?(host: string): void;
}

export interface RobotsCache {
  isAllowed(url: string, userAgent: string): Promise<boolean>;
  /** The host's robots.txt `Crawl-delay` for this agent in ms (0 when none, or not loaded yet). */
  crawlDelayMs?(host: string, userAgent: string): number;
}

export interface RenderRequest {
  url: string;
  userAgent?: string;
  waitFor?: string;
  timeoutMs?: number;
  /**
   * Called before each request the page makes: false aborts it (scope); a function lets it go and is
   * called back once its response has started or it failed (politeness).
   */
  onRequest?: (url: string) => Promise<false | (() => void)>;
}

export interface RenderResult {
  finalUrl: string;
  status: number | null;
  html: string;
  /** Cookies the page holds for its host afterwards (a solved JS challenge leaves one). */
  cookies: BrowserCookie[];
}

export interface BrowserPool {
  render(request: RenderRequest): Promise<RenderResult>;
  close(): Promise<void>;
}

/** Time as a dependency, so retry and politeness logic can be tested without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  // Sub-millisecond epoch time: politeness intervals are measured with it.
  now: () => performance.timeOrigin + performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
