/** The crawler's public face: fetch politely, discover reports, find attachments. No queue, no DB. */
export { loadSources } from '../config/sources/load.ts';
export type { Source } from '../config/sources/schema.ts';
export { type Attachment, attachmentRefs, findAttachments, mayLinkAttachments } from './attachments.ts';
export { type CrawlDeps, type CrawlFailure, type CrawlResult, crawlSource, fetchAndStore } from './crawl.ts';
export { type DiscoverDeps, discover } from './discover/index.ts';
export { makeTitleFilter } from './discover/title-filter.ts';
export {
  FatalFetchError,
  type FetchError,
  type FetchErrorCode,
  isFetchError,
  RetryableFetchError,
} from './errors.ts';
export { backoffDelay, parseRetryAfter, retryDelay } from './http/backoff.ts';
export { decodeBytes } from './http/decode.ts';
export { createFetcher, type FetcherOptions } from './http/fetcher.ts';
export { createLocalLimiter, createRedisLimiter, type RedisLike } from './http/limiter.ts';
export { createRobotsCache, type RobotsFetchText } from './http/robots.ts';
export { robotsTextVia } from './http/robots-fetch.ts';
export { checkScope, isPrivateAddress } from './http/scope.ts';
export { findPageImages, MAX_PAGE_IMAGES, mayShowImages, type PageImage } from './page-images.ts';
export { createBrowserPool } from './render/browser-pool.ts';
export { createHttpStack, type HostInterval, type HttpStack } from './stack.ts';
export * from './types.ts';
