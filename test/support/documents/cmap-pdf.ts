/**
 * A PDF as many Chinese government offices produce it: the text in STSong-Light, a font that is
 * NOT embedded, addressed through the predefined CMap UniGB-UCS2-H. A reader needs the packed
 * CMaps to map its codes back to Unicode (pdfjs returns no text without them). Written by hand
 * because no JS PDF library emits non-embedded CID fonts; the file structure is minimal but valid.
 */
import { type DrawOptions, drawBlocks, type Pen } from './draw.ts';
import { reportBlocks } from './outline.ts';
import type { BuildableReport } from './sample-report.ts';

const A4 = { w: 595.28, h: 841.89 };

/** Adobe-GB1 proportional Latin glyphs (CIDs 1–95) are half-width; everything else is full-width. */
const advance = (ch: string) => ((ch.codePointAt(0) ?? 0) < 0x7f ? 0.5 : 1);

function ucs2Hex(str: string): string {
  let hex = '';
  for (const ch of str) {
    const cp = ch.codePointAt(0) ?? 0x3f;
    hex += (cp > 0xffff ? 0x3f : cp).toString(16).padStart(4, '0');
  }
  return hex;
}

const n = (v: number) => (Math.round(v * 100) / 100).toString();

function assemble(pages: string[]): Uint8Array {
  // Objects: 1 catalog, 2 pages, 3 Type0 font, 4 CIDFont, 5 descriptor, then (page, content) pairs.
  const objs: string[] = [];
  const pageIds = pages.map((_, i) => 6 + 2 * i);
  objs[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objs[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objs[3] =
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>';
  objs[4] =
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light ' +
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>';
  objs[5] =
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] ' +
    '/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>';
  pages.forEach((content, i) => {
    const id = pageIds[i]!;
    objs[id] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.w} ${A4.h}] ` +
      `/Resources << /Font << /F1 3 0 R >> >> /Contents ${id + 1} 0 R >>`;
    objs[id + 1] = `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
  });
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objs.length; id++) {
    offsets[id] = Buffer.byteLength(out, 'latin1');
    out += `${id} 0 obj\n${objs[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objs.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objs.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

export function buildCmapPdf(report: BuildableReport, opts: DrawOptions = {}): Uint8Array {
  const pages: string[][] = [[]];
  const pen: Pen = {
    pageWidth: A4.w,
    pageHeight: A4.h,
    measure: (text, size) => [...text].reduce((w, ch) => w + advance(ch) * size, 0),
    text: (str, x, y, size) => {
      const baseline = A4.h - (y + 0.88 * size);
      pages.at(-1)!.push(`BT /F1 ${n(size)} Tf 1 0 0 1 ${n(x)} ${n(baseline)} Tm <${ucs2Hex(str)}> Tj ET`);
    },
    rect: (x, y, w, h) => {
      pages.at(-1)!.push(`${n(x)} ${n(A4.h - y - h)} ${n(w)} ${n(h)} re S`);
    },
    addPage: () => {
      pages.push([]);
    },
  };
  drawBlocks(pen, reportBlocks(report), opts);
  return assemble(pages.map((ops) => `0.5 w\n${ops.join('\n')}`));
}
