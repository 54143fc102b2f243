/** Turning an HTTP answer into the fetcher's result: a FetchedDocument, or the error its status means. */
import { createHash } from 'node:crypto';
import { detectEncoding } from '../../extractors/decode.ts';
import { type FetchError, fetchError } from '../errors.ts';
import type { FetchedDocument } from '../types.ts';
import { parseRetryAfter } from './backoff.ts';

/**
 * The charset the bytes really are in (a lying header or meta is corrected as decodeBytes does),
 * without keeping the text: most pages are never decoded again in this thread.
 */
function charsetOf(bytes: Uint8Array, contentType: string | null): string | null {
  try {
    return detectEncoding(bytes, contentType ? { contentType } : {});
  } catch {
    return null; // not text after all (a binary body served as text/html)
  }
}

export interface Answer {
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  bytes: Uint8Array;
  rendered: boolean;
  /** A charset override (the source's `encoding`). */
  encoding?: string;
  now: number;
}

export function toDocument(a: Answer): FetchedDocument {
  const contentType = a.headers['content-type'] ?? null;
  const isText = a.rendered || !contentType || /text|html|xml|json|javascript/i.test(contentType);
  return {
    url: a.url,
    finalUrl: a.finalUrl,
    status: a.status,
    headers: a.headers,
    contentType,
    encoding: a.rendered ? 'utf-8' : (a.encoding ?? (isText ? charsetOf(a.bytes, contentType) : null)),
    bytes: a.bytes,
    fetchedAt: new Date(a.now),
    sha256: createHash('sha256').update(a.bytes).digest('hex'),
    rendered: a.rendered,
  };
}

export function statusError(
  url: string,
  status: number,
  headers: Record<string, string>,
  now: number,
): FetchError {
  const retryAfterMs = parseRetryAfter(headers['retry-after'], now);
  if (status === 404 || status === 410)
    return fetchError('fetch.http_404', { url, status }, `HTTP ${status}`);
  if (status === 429)
    return fetchError('fetch.http_429', { url, status, retryAfterMs }, 'HTTP 429 too many requests');
  if (status >= 500) return fetchError('fetch.http_5xx', { url, status, retryAfterMs }, `HTTP ${status}`);
  return fetchError('fetch.http_4xx', { url, status }, `HTTP ${status}`);
}
