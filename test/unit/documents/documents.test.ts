import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { DocumentError, documentToContent } from '../../../extractors/documents/index.ts';
import { CELL_SEP, ROW_MARK, SPAN_MARK } from '../../../extractors/tokenize/html-grid.ts';
import { buildCmapPdf, buildDocx, buildPdf, sampleReport } from '../../support/documents/index.ts';
import { expectedRows, lineFor } from './expected-rows.ts';

const FIX = resolve(import.meta.dirname, '../../fixtures/documents');
const fixture = (name: string) => new Uint8Array(readFileSync(resolve(FIX, name)));

const r2019 = sampleReport();
// The record the committed .doc/.pdf fixtures were made from (see test/fixtures/documents/README.md).
const r2021 = sampleReport(
  { active: '2021', requests: '2021', appeals: '2021' },
  { year: 2022, agency: '赣州经开区机关事务管理中心' },
);

/**
 * A ruled table's rows come out as html-grid lines (`\u001E<n>\u001E` + cells split by `\u001F`,
 * `\u001D` where a span covers the position): written here as pipe rows the way pdf-layout.ts
 * prints the rows of a table without rules (span positions dropped, a blank first or last cell
 * with an outer pipe), so both readings are held to the same rows.
 */
function asPipeRows(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (!line.startsWith(ROW_MARK)) return line;
      const cells = line
        .slice(line.indexOf(ROW_MARK, 1) + 1)
        .split(CELL_SEP)
        .filter((c) => c !== SPAN_MARK);
      const joined = cells.join(' | ');
      if (cells.length < 2) return joined;
      return `${cells[0] === '' ? '| ' : ''}${joined}${cells.at(-1) === '' ? ' |' : ''}`;
    })
    .join('\n');
}

/** Every row of every table appears as one pipe row: label, then the values in template order. */
function expectPipeRows(content: string, report: typeof r2019): void {
  const text = asPipeRows(content);
  const missing = expectedRows(report).filter((r) => lineFor(text, r, ' | ') === undefined);
  expect(missing.map((r) => `${r.table}.${r.row}: ${r.label} | ${r.raws.join(' | ')}`)).toEqual([]);
}

describe('documentToContent: docx', () => {
  it('converts to HTML with real tables: merged cells and every row label with its values', async () => {
    const out = await documentToContent(await buildDocx(r2019), 'docx');
    expect(out.kind).toBe('html');
    const $ = cheerio.load(out.content);
    expect($('table')).toHaveLength(3);
    expect($('td[rowspan="20"]').first().text()).toBe('三、本年度办理结果');
    expect($('td[colspan="7"]').first().text()).toBe('申请人情况');
    const rows = $('tr')
      .toArray()
      .map((tr) =>
        $(tr)
          .children('td')
          .toArray()
          .map((td) => $(td).text().trim()),
      );
    for (const r of expectedRows(r2019)) {
      const want = r.label === '' ? r.raws : [r.label, ...r.raws];
      expect(
        rows.some((cells) => cells.slice(-want.length).join('|') === want.join('|')),
        `${r.table}.${r.row}`,
      ).toBe(true);
    }
    expect(out.content).toContain('<h2>一、总体情况</h2>');
  });
});

describe('documentToContent: docx images', () => {
  it('keeps an image as <img> without inlining its bytes', async () => {
    const { Document, ImageRun, Packer, Paragraph } = await import('docx');
    const png = readFileSync(resolve(FIX, 'seal.png'));
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph('行政许可 12'),
            new Paragraph({
              children: [new ImageRun({ type: 'png', data: png, transformation: { width: 64, height: 64 } })],
            }),
          ],
        },
      ],
    });
    const out = await documentToContent(new Uint8Array(await Packer.toBuffer(doc)), 'docx');
    expect(out.content).toContain('<p>行政许可 12</p>');
    expect(out.content).toMatch(/<img[^>]*>/);
    expect(out.content).not.toContain('base64');
  });
});

describe('documentToContent: pdf', () => {
  it('rebuilds the table rows of the committed pdfkit fixture (2021 template) from its rulings', async () => {
    const out = await documentToContent(fixture('report-2021.pdf'), 'pdf');
    expect(out.kind).toBe('text');
    expectPipeRows(out.content, r2021);
    // Cell by cell, as an HTML table reads: the 2021 one-value rows span the three value columns.
    expect(out.content).toContain(
      `${ROW_MARK}0${ROW_MARK}行政许可${CELL_SEP}107${CELL_SEP}${SPAN_MARK}${CELL_SEP}${SPAN_MARK}`,
    );
    expect(out.content.indexOf('一、总体情况')).toBeLessThan(out.content.indexOf('六、其他需要报告的事项'));
  });

  it('ruled tables: a group label spanning rows sits in its own cell, over the rows it spans', async () => {
    const out = await documentToContent(buildCmapPdf(r2019), 'pdf');
    const rows = out.content.split('\n').filter((l) => l.startsWith(ROW_MARK));
    const cells = (label: string) => {
      const line = rows.find((l) => l.includes(label))!;
      return line.slice(line.indexOf(ROW_MARK, 1) + 1).split(CELL_SEP);
    };
    expect(cells('（一）予以公开').slice(0, 2)).toEqual(['三、本年度办理结果', '（一）予以公开']);
    expect(cells('2.其他法律行政法规禁止公开').slice(0, 3)).toEqual([
      SPAN_MARK,
      SPAN_MARK,
      '2.其他法律行政法规禁止公开',
    ]);
  });

  it.each([
    ['ruled', true],
    ['without rules (text positions only)', false],
  ] as const)('handles cells centred or top-aligned in rows with wrapped labels, %s', async (_, borders) => {
    for (const valign of ['middle', 'top'] as const) {
      const out = await documentToContent(await buildPdf(r2019, { valign, borders }), 'pdf');
      expect(out.content.includes(ROW_MARK)).toBe(borders);
      expectPipeRows(out.content, r2019);
      const licensing = lineFor(
        asPipeRows(out.content),
        expectedRows(r2019).find((r) => r.row === 'licensing')!,
        ' | ',
      );
      expect(licensing).toBe('行政许可 | 107 | +8 | 109');
    }
  });

  it('reads a CJK PDF whose non-embedded font uses the predefined CMap UniGB-UCS2-H', async () => {
    const bytes = buildCmapPdf(r2021);
    const out = await documentToContent(bytes, 'pdf');
    expectPipeRows(out.content, r2021);
    expect(out.content).toContain('赣州经开区机关事务管理中心2022年政府信息公开工作年度报告');
    // The fixture really depends on the CMaps: without cMapUrl pdfjs finds no text in it.
    const { definePDFJSModule, extractText, getDocumentProxy } = await import('unpdf');
    await definePDFJSModule(() => import('pdfjs-dist/legacy/build/pdf.mjs'));
    const bare = await extractText(await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 }), {
      mergePages: true,
    });
    expect(bare.text.replace(/\s/g, '')).toBe('');
  });

  it.each([
    ['ruled: the grid has every cell', true],
    ['without rules: put back from the columns of neighbouring rows', false],
  ] as const)('blank cells (which print nothing), %s', async (_, borders) => {
    const blanks = sampleReport();
    for (const c of blanks.cells) if (c.raw === '无') c.raw = '';
    const pdfs = [buildCmapPdf(blanks, { borders })];
    // Centred cells (the top-aligned variant wraps the appeals headers into fragments, leaving no
    // clean header row to take the appeals columns from: that row then stays short).
    pdfs.push(await buildPdf(blanks, { borders }));
    for (const bytes of pdfs) {
      const out = await documentToContent(bytes, 'pdf');
      const text = asPipeRows(out.content);
      expectPipeRows(out.content, blanks);
      expect(text).toContain('\n行政处罚 |  | +14 | 115\n');
      expect(text).toContain('4.保护第三方合法权益 | 172 | 173 | 174 | 175 | 176 | 177 |  |\n');
    }
  });

  it('spans pages: both pages of a long report are read, in order', async () => {
    const out = await documentToContent(buildCmapPdf(r2021), 'pdf');
    const last = out.content.lastIndexOf('2023-01-20');
    expect(last).toBeGreaterThan(out.content.indexOf('四、结转下年度继续办理'));
  });

  it('leaves the caller’s bytes intact', async () => {
    const bytes = buildCmapPdf(r2019);
    const copy = new Uint8Array(bytes);
    await documentToContent(bytes, 'pdf');
    expect(bytes.byteLength).toBe(copy.byteLength);
    expect(Buffer.compare(bytes, copy)).toBe(0);
  });
});

describe('documentToContent: doc', () => {
  it.each([
    ['report-2019.doc', r2019],
    ['report-2021.doc', r2021],
  ])('%s: tab-separated cells, each label followed by its values', async (name, report) => {
    const out = await documentToContent(fixture(name), 'doc');
    expect(out.kind).toBe('text');
    expect(out.content).toContain(report.meta.title!);
    // word-extractor turns curly quotes into ASCII ones (“三安全一稳定” → "三安全一稳定").
    const straight = (s: string) => s.replace(/[“”]/g, '"');
    const text = out.content;
    const missing = expectedRows(report).filter((r) => {
      const want = straight([r.label, ...r.raws].filter((s, i) => i > 0 || s !== '').join('\t'));
      return !text.includes(`${want}\t`);
    });
    expect(missing.map((r) => `${r.table}.${r.row}`)).toEqual([]);
    expect(text).not.toMatch(/\r/);
  });
});

describe('documentToContent: bad input', () => {
  const garbage = new Uint8Array(3000).map((_, i) => (i * 7919 + 13) % 256);
  const codeOf = async (p: Promise<unknown>) => {
    try {
      await p;
      return 'resolved';
    } catch (err) {
      expect(err).toBeInstanceOf(DocumentError);
      return `${(err as DocumentError).code}: ${(err as Error).message}`;
    }
  };

  it('garbage bytes are document.corrupt for every kind, with a message saying why', async () => {
    expect(await codeOf(documentToContent(garbage, 'pdf'))).toMatch(
      /^document\.corrupt: pdf: no %PDF- header/,
    );
    expect(await codeOf(documentToContent(garbage, 'docx'))).toMatch(
      /^document\.corrupt: docx: not a ZIP package/,
    );
    expect(await codeOf(documentToContent(garbage, 'doc'))).toMatch(
      /^document\.corrupt: doc: not an OLE compound file/,
    );
    expect(await codeOf(documentToContent(new Uint8Array(0), 'pdf'))).toMatch(
      /^document\.corrupt: pdf: empty file/,
    );
  });

  it('truncated or damaged files fail cleanly and quickly', async () => {
    const docx = await buildDocx(r2019);
    // The ZIP directory is read first (zip-entry.ts): a package cut in half has no end record.
    expect(await codeOf(documentToContent(docx.subarray(0, docx.length / 2), 'docx'))).toMatch(
      /^document\.corrupt: docx: no ZIP end record \(truncated\?\)/,
    );
    const doc = fixture('report-2019.doc');
    expect(await codeOf(documentToContent(doc.subarray(0, 1024), 'doc'))).toMatch(
      /^document\.corrupt: doc: OLE file without a WordDocument stream \(truncated/,
    );
    const scrambled = new Uint8Array(doc);
    for (let i = 600; i < 40_000; i += 7) scrambled[i] = (scrambled[i]! * 31 + 7) & 255;
    expect(await codeOf(documentToContent(scrambled, 'doc'))).toMatch(
      /^document\.corrupt: doc: cannot read the file \(/,
    );
    const pdf = buildCmapPdf(r2019);
    // A PDF with its header and nothing else usable: pdfjs cannot find a single object.
    const broken = new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(garbage)]));
    expect(await codeOf(documentToContent(broken, 'pdf'))).toMatch(/^document\.corrupt: pdf: cannot read/);
    // A PDF cut in half is either recovered (pdfjs rebuilds the xref) or rejected; never a hang.
    const half = await codeOf(documentToContent(pdf.subarray(0, pdf.length / 2), 'pdf'));
    expect(half === 'resolved' || half.startsWith('document.corrupt')).toBe(true);
  });

  it('a PDF without a text layer and without images is input.unsupported, not empty text', async () => {
    const PDFDocument = (await import('pdfkit')).default;
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((r) => doc.on('end', r));
    doc.rect(50, 50, 200, 100).fill('#888');
    doc.end();
    await ended;
    expect(await codeOf(documentToContent(new Uint8Array(Buffer.concat(chunks)), 'pdf'))).toBe(
      'input.unsupported: pdf: no text in 1 page(s)',
    );
  });

  it('a PDF page that is a picture without text (a scan) is input.image_only, naming the page', async () => {
    const PDFDocument = (await import('pdfkit')).default;
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((r) => doc.on('end', r));
    doc.image(readFileSync(resolve(FIX, 'seal.png')), 50, 50, { width: 200 });
    doc.end();
    await ended;
    expect(await codeOf(documentToContent(new Uint8Array(Buffer.concat(chunks)), 'pdf'))).toBe(
      'input.image_only: pdf: page(s) 1 of 1 are images without text (a scan: needs OCR)',
    );
  });

  it('a password-protected PDF is input.unsupported', async () => {
    const PDFDocument = (await import('pdfkit')).default;
    const doc = new PDFDocument({
      size: 'A4',
      userPassword: 'secret',
      ownerPassword: 'owner',
      pdfVersion: '1.7',
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((r) => doc.on('end', r));
    doc.text('Annual report 2020', 50, 50);
    doc.end();
    await ended;
    expect(await codeOf(documentToContent(new Uint8Array(Buffer.concat(chunks)), 'pdf'))).toBe(
      'input.unsupported: pdf: password-protected',
    );
  });

  it('an OLE spreadsheet given as .doc is input.unsupported', async () => {
    const xls = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
      Buffer.from('Workbook', 'utf16le'),
    ]);
    expect(await codeOf(documentToContent(new Uint8Array(xls), 'doc'))).toMatch(
      /^input\.unsupported: doc: OLE file without a WordDocument stream; it is a spreadsheet/,
    );
  });

  it('a kind it has no converter for is input.unsupported', async () => {
    expect(await codeOf(documentToContent(garbage, 'xls' as 'doc'))).toMatch(
      /^input\.unsupported: no converter for document kind "xls"/,
    );
  });

  it('gives up on a parser that does not finish within the deadline', async () => {
    const { withDeadline } = await import('../../../extractors/documents/errors.ts');
    const t0 = Date.now();
    expect(await codeOf(withDeadline(new Promise(() => undefined), 50, 'pdf'))).toBe(
      'document.corrupt: pdf: gave up after 50 ms',
    );
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(await withDeadline(Promise.resolve(7), 50, 'pdf')).toBe(7);
  });
});
