/**
 * One static HTTP exchange through undici: no redirects followed here, a cap on the body (the download
 * is aborted once it is exceeded), timeouts, and truncation detected against Content-Length.
 */
import type { Dispatcher } from 'undici';
import { request } from 'undici';
import { fetchError } from '../errors.ts';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  setCookie: string[];
  bytes: Uint8Array;
}

export interface RequestOptions {
  dispatcher: Dispatcher;
  headers: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
  /** Called when the response headers arrive (the server has seen the request). */
  onHeaders?: () => void;
}

function flatten(raw: Record<string, string | string[] | undefined>): {
  headers: Record<string, string>;
  setCookie: string[];
} {
  const headers: Record<string, string> = {};
  let setCookie: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    if (k === 'set-cookie') setCookie = Array.isArray(v) ? v : [v];
    headers[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return { headers, setCookie };
}

function isTimeout(err: unknown): boolean {
  const code = (err as { code?: string; name?: string })?.code;
  const name = (err as { name?: string })?.name;
  return (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    name === 'TimeoutError' ||
    name === 'AbortError'
  );
}

export async function requestOnce(url: string, options: RequestOptions): Promise<RawResponse> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let res: Dispatcher.ResponseData;
  try {
    res = await request(url, {
      method: 'GET',
      headers: options.headers,
      dispatcher: options.dispatcher,
      signal,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  } catch (cause) {
    if (isTimeout(cause))
      throw fetchError('fetch.timeout', { url, cause }, `no answer within ${options.timeoutMs} ms`);
    const code =
      (cause as { cause?: { code?: string }; code?: string })?.cause?.code ??
      (cause as { code?: string }).code;
    if (code === 'EPRIVATEADDR')
      throw fetchError('fetch.private_address', { url, cause }, String((cause as Error).message));
    throw fetchError('fetch.network', { url, cause }, `network error: ${(cause as Error).message ?? cause}`);
  }
  options.onHeaders?.();
  const { headers, setCookie } = flatten(res.headers as Record<string, string | string[] | undefined>);
  const declared = headers['content-length'] !== undefined ? Number(headers['content-length']) : null;
  // Abandoning a body makes undici reject it with an abort; that is expected here, not an error.
  res.body.on('error', () => undefined);
  if (declared !== null && declared > options.maxBytes) {
    res.body.destroy();
    throw fetchError(
      'fetch.too_large',
      { url, status: res.statusCode },
      `Content-Length ${declared} exceeds the cap of ${options.maxBytes} bytes`,
    );
  }
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of res.body) {
      received += (chunk as Buffer).length;
      if (received > options.maxBytes) {
        throw fetchError(
          'fetch.too_large',
          { url, status: res.statusCode },
          `body exceeds the cap of ${options.maxBytes} bytes`,
        );
      }
      chunks.push(chunk as Buffer);
    }
  } catch (cause) {
    if ((cause as { code?: string }).code === 'fetch.too_large') throw cause;
    if (declared !== null && received < declared) {
      throw fetchError(
        'fetch.truncated',
        { url, status: res.statusCode, cause },
        `body ended after ${received} of ${declared} bytes`,
      );
    }
    if (isTimeout(cause))
      throw fetchError('fetch.timeout', { url, cause }, `body not complete within ${options.timeoutMs} ms`);
    throw fetchError('fetch.network', { url, cause }, `body read failed: ${(cause as Error).message}`);
  }
  if (declared !== null && received < declared) {
    throw fetchError(
      'fetch.truncated',
      { url, status: res.statusCode },
      `body ended after ${received} of ${declared} bytes`,
    );
  }
  const body = Buffer.concat(chunks, received);
  return {
    status: res.statusCode,
    headers,
    setCookie,
    bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
  };
}
