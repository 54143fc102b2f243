/**
 * Hostile documents, generated (none is committed): each is built in well under a second and most
 * weigh kilobytes however much they inflate to. They imitate what breaks parsers — a zip bomb, a
 * huge document.xml, a 10,000-column table, tables nested thousands deep, a 2,000-page PDF, a PDF
 * whose page tree is a cycle, a PDF cut short — for the isolation tests (test/unit/documents/hostile).
 */
import { constants, deflateRawSync } from 'node:zlib';
import { buildZip, type ZipPart } from './zip.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>`;
const TAIL = '</w:body></w:document>';
const para = (text: string) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;

/** A .docx whose word/document.xml is `parts` between the document's head and tail. */
export function docxOf(body: ZipPart[], opts: { declaredSize?: number } = {}): Uint8Array {
  return buildZip([
    { name: '[Content_Types].xml', parts: [{ text: CONTENT_TYPES }] },
    { name: '_rels/.rels', parts: [{ text: RELS }] },
    {
      name: 'word/document.xml',
      parts: [{ text: HEAD }, ...body, { text: TAIL }],
      ...(opts.declaredSize !== undefined ? { declaredSize: opts.declaredSize } : {}),
    },
  ]);
}

/** A small, valid .docx (the control: the same writer, nothing hostile). */
export const plainDocx = (): Uint8Array =>
  docxOf([{ text: para('赣州经开区2023年政府信息公开工作年度报告') + para('一、总体情况') }]);

const MB = 1024 * 1024;
/** 1 MiB of one paragraph repeated (its own deflate segment, repeated `mb` times). */
const paragraphsMb = (mb: number): ZipPart => {
  const p = para('行政许可 12 本年新公开数量 0'.padEnd(40, '。'));
  return { text: p.repeat(Math.ceil(MB / Buffer.byteLength(p))), times: mb };
};

/** A zip bomb: `mb` MiB of document.xml from a few kilobytes, its size declared as 4 KB (a lie). */
export const zipBombDocx = (mb = 2048): Uint8Array => docxOf([paragraphsMb(mb)], { declaredSize: 4096 });

/** An honest but huge document: `mb` MiB of document.xml, declared truthfully. */
export const hugeXmlDocx = (mb = 200): Uint8Array => docxOf([paragraphsMb(mb)]);

/** One table whose rows have `cols` cells. */
export function wideTableDocx(cols = 10_000, rows = 3): Uint8Array {
  const cell = (t: string) => `<w:tc><w:p><w:r><w:t>${t}</w:t></w:r></w:p></w:tc>`;
  const grid = `<w:tblGrid>${'<w:gridCol w:w="10"/>'.repeat(cols)}</w:tblGrid>`;
  const row = `<w:tr>${cell('行政许可')}${cell('1').repeat(cols - 1)}</w:tr>`;
  return docxOf([{ text: `<w:tbl>${grid}` }, { text: row, times: rows }, { text: '</w:tbl>' }]);
}

/** Tables nested `depth` deep, each the only cell of its parent. */
export function nestedTablesDocx(depth = 5_000): Uint8Array {
  const open = '<w:tbl><w:tr><w:tc>';
  const close = '<w:p/></w:tc></w:tr></w:tbl>';
  return docxOf([{ text: open, times: depth }, { text: para('行政许可 1') }, { text: close, times: depth }]);
}

/** A PDF file from its objects (1-based), with a correct xref table. */
export function pdfOf(objects: string[], root = 1): Uint8Array {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${root} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** `pages` pages, each with a line of text (Helvetica, a standard font: nothing embedded). */
export function manyPagesPdf(pages = 2_000): Uint8Array {
  // 1 catalog, 2 pages, 3 font, 4 shared content stream, then one page object each.
  const content = 'BT /F1 12 Tf 72 720 Td (Annual report 2023, row 12) Tj ET';
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${Array.from({ length: pages }, (_, i) => `${5 + i} 0 R`).join(' ')}] /Count ${pages} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    ...Array.from(
      { length: pages },
      () =>
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>',
    ),
  ];
  return pdfOf(objs);
}

/** A page tree that is a cycle: the Pages node lists itself (and its parent) as a kid. */
export function cyclicPdf(): Uint8Array {
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 4 >>',
    '<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 2 >>',
  ]);
}

/** A valid one-page PDF cut at `fraction` of its length (a download that stopped). */
export function truncatedPdf(fraction = 0.5): Uint8Array {
  const whole = manyPagesPdf(3);
  return whole.subarray(0, Math.floor(whole.length * fraction));
}

/**
 * A PDF whose one content stream inflates (FlateDecode) to `mb` MiB from a few kilobytes: text
 * operators (`text`, objects by the million on the parser's heap) or blank space (one huge buffer).
 */
export function flateBombPdf(mb = 1024, fill: 'text' | 'blank' = 'text'): Uint8Array {
  const unit = fill === 'text' ? 'BT /F1 9 Tf 72 720 Td (12) Tj ET\n' : ' ';
  const chunk = Buffer.from(unit.repeat(Math.ceil((1024 * 1024) / unit.length)), 'latin1');
  const seg = deflateRawSync(chunk, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const stream = Buffer.concat([
    Buffer.from([0x78, 0x9c]),
    ...Array.from({ length: mb }, () => seg),
    deflateRawSync(Buffer.alloc(0)),
    Buffer.alloc(4), // Adler-32 left wrong: a reader finds out only at the end.
  ]);
  const head = '%PDF-1.4\n';
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
  ];
  const parts: Buffer[] = [Buffer.from(head, 'latin1')];
  const offsets: number[] = [];
  let pos = parts[0]!.length;
  const add = (b: Buffer) => {
    parts.push(b);
    pos += b.length;
  };
  objs.forEach((o, i) => {
    offsets.push(pos);
    add(Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, 'latin1'));
  });
  offsets.push(pos);
  add(Buffer.from(`4 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'));
  add(stream);
  add(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  offsets.push(pos);
  add(Buffer.from('5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n', 'latin1'));
  const xref = pos;
  let tail = `xref\n0 6\n0000000000 65535 f \n`;
  for (const o of offsets) tail += `${String(o).padStart(10, '0')} 00000 n \n`;
  tail += `trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  add(Buffer.from(tail, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}
