/**
 * A minimal ZIP writer for hostile fixtures: entries given as deflate segments so that gigabytes of
 * content cost kilobytes to build. A segment deflated with a full flush is self-contained (no
 * back-references across it), so one compressed segment repeated N times inflates to its text N
 * times; the declared sizes may be told honestly or as a lie.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface ZipPart {
  /** Text (UTF-8) of this part, inflated once. */
  text: string;
  /** How many times it repeats. */
  times?: number;
}

export interface ZipEntry {
  name: string;
  parts: ZipPart[];
  /** Declare this uncompressed size instead of the real one (a zip bomb lies). */
  declaredSize?: number;
}

const segment = (text: string) =>
  deflateRawSync(Buffer.from(text, 'utf8'), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
const FINAL = deflateRawSync(Buffer.alloc(0));

function entryData(e: ZipEntry): { data: Buffer; size: number; crc: number } {
  const chunks: Buffer[] = [];
  let size = 0;
  let crc = 0;
  for (const p of e.parts) {
    const raw = Buffer.from(p.text, 'utf8');
    const seg = segment(p.text);
    const times = p.times ?? 1;
    for (let i = 0; i < times; i++) chunks.push(seg);
    size += raw.length * times;
    // The CRC of gigabytes would cost seconds; past 64 MB it is left wrong (a bomb does not care,
    // and a reader only finds out after inflating everything).
    if (size <= 64 * 1024 * 1024) for (let i = 0; i < times; i++) crc = crc32(raw, crc);
  }
  chunks.push(FINAL);
  return { data: Buffer.concat(chunks), size, crc };
}

export function buildZip(entries: ZipEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const { data, size, crc } = entryData(e);
    const declared = e.declaredSize ?? size;
    if (declared > 0xffffffff || data.length > 0xffffffff) throw new Error('buildZip: no ZIP64 here');
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(crc >>> 0, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(declared, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += local.length + name.length + data.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cdBuf, end]));
}
