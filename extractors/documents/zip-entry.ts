/**
 * Reads one entry of a ZIP package (a .docx) without trusting it: the central directory's declared
 * sizes are checked against caps before anything is inflated, and inflation itself stops at the cap
 * (zlib's maxOutputLength), so a zip bomb that lies about its size still ends at the cap. Pure.
 */
import { inflateRawSync } from 'node:zlib';
import { DocumentError } from './errors.ts';
import { asBuffer } from './magic.ts';

export interface ZipLimits {
  /** Largest uncompressed entry read. */
  maxEntryBytes: number;
  /** Most entries a package may list. */
  maxEntries: number;
}

interface CentralEntry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  localOffset: number;
}

function centralDirectory(buf: Buffer, limits: ZipLimits): CentralEntry[] {
  // The end record is in the last 64 KiB + 22 bytes (its comment is at most 65535 bytes).
  const from = Math.max(0, buf.length - 65_557);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < from || eocd + 22 > buf.length)
    throw new DocumentError('document.corrupt', 'docx: no ZIP end record (truncated?)');
  const count = buf.readUInt16LE(eocd + 10);
  if (count > limits.maxEntries)
    throw new DocumentError(
      'input.too_large',
      `docx: ${count} entries in the package (cap ${limits.maxEntries})`,
    );
  let p = buf.readUInt32LE(eocd + 16);
  const entries: CentralEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50)
      throw new DocumentError('document.corrupt', 'docx: damaged ZIP central directory');
    const nameLen = buf.readUInt16LE(p + 28);
    entries.push({
      method: buf.readUInt16LE(p + 10),
      compressed: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      localOffset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

const mb = (n: number) =>
  n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${Math.round(n / 1024 / 1024)} MB`;

/**
 * Every declared entry size within the cap, and `name` (if present) inflated within it. Returns the
 * entry's text, or null when the package has no such entry.
 */
export function readZipEntry(bytes: Uint8Array, name: string, limits: ZipLimits): string | null {
  const buf = asBuffer(bytes);
  const entries = centralDirectory(buf, limits);
  for (const e of entries)
    if (e.size > limits.maxEntryBytes)
      throw new DocumentError(
        'input.too_large',
        `docx: ${e.name} is ${mb(e.size)} uncompressed (cap ${mb(limits.maxEntryBytes)})`,
      );
  const e = entries.find((x) => x.name === name);
  if (!e) return null;
  const local = e.localOffset;
  if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50)
    throw new DocumentError('document.corrupt', `docx: damaged ZIP entry ${name}`);
  const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
  const data = buf.subarray(start, Math.min(buf.length, start + e.compressed));
  if (e.method === 0) return data.toString('utf8');
  if (e.method !== 8)
    throw new DocumentError('input.unsupported', `docx: ${name} uses ZIP method ${e.method}`);
  try {
    return inflateRawSync(data, { maxOutputLength: limits.maxEntryBytes }).toString('utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new DocumentError(
        'input.too_large',
        `docx: ${name} inflates past ${mb(limits.maxEntryBytes)} although it declares ${mb(e.size)} (a zip bomb)`,
        { cause },
      );
    throw new DocumentError(
      'document.corrupt',
      `docx: ${name} does not inflate (${(cause as Error).message})`,
      {
        cause,
      },
    );
  }
}
