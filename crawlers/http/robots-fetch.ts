/** robots.txt fetched through a (robots-less) fetcher, so it gets the same scope, limiter and retries. */

import { decodeBytes } from '../../extractors/decode.ts';
import { isFetchError } from '../errors.ts';
import type { Fetcher } from '../types.ts';
import type { RobotsFetchText } from './robots.ts';

export function robotsTextVia(fetcher: Fetcher): RobotsFetchText {
  return async (url) => {
    try {
      const doc = await fetcher.fetch(url);
      return {
        status: doc.status,
        text: decodeBytes(doc.bytes, { contentType: doc.contentType ?? undefined }).text,
      };
    } catch (err) {
      if (isFetchError(err) && err.status !== null && err.status >= 400 && err.status < 500)
        return { status: err.status, text: '' };
      throw err;
    }
  };
}
