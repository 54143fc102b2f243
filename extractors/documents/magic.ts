/** Magic-number checks done before a parser sees the bytes, so wrong input fails fast and clearly. */
export const isZip = (b: Uint8Array): boolean =>
  b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
export const isOle = (b: Uint8Array): boolean =>
  b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
export const isPdf = (b: Uint8Array): boolean =>
  Buffer.from(b.buffer, b.byteOffset, Math.min(b.byteLength, 1024)).indexOf('%PDF-', 0, 'latin1') >= 0;

export const asBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** First bytes as hex, for error messages about files that are not what they claim. */
export const headHex = (b: Uint8Array): string => asBuffer(b).subarray(0, 8).toString('hex');
