/**
 * Decoding is extractors/decode.ts's job (one implementation, pure). This adapter only lets callers
 * pass a FetchedDocument's nullable fields straight through.
 */
import { decodeBytes as decode } from '../../extractors/decode.ts';

export function decodeBytes(
  bytes: Uint8Array,
  hints: { contentType?: string | null; charset?: string | null } = {},
): { text: string; encoding: string } {
  return decode(bytes, { contentType: hints.contentType ?? undefined, charset: hints.charset ?? undefined });
}
