/** A list or directory page as text: fetched (statically or rendered) and decoded once, here. */
import { decodeBytes } from '../../extractors/decode.ts';
import type { Fetcher } from '../types.ts';

export async function fetchText(
  fetcher: Fetcher,
  url: string,
  opts: { render?: boolean; waitFor?: string; encoding?: string | null },
): Promise<string> {
  const doc = await fetcher.fetch(url, {
    render: opts.render,
    waitFor: opts.waitFor,
    encoding: opts.encoding ?? undefined,
  });
  return decodeBytes(doc.bytes, {
    contentType: doc.contentType ?? undefined,
    charset: opts.encoding ?? doc.encoding ?? undefined,
  }).text;
}
