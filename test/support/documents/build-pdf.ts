/**
 * A .pdf of a report made with pdfkit and an embedded CJK font (Noto Sans Hans from an npm package,
 * test/support/fonts: no system font needed): tables drawn as ruled grids with each cell's text
 * placed in its box, as a word processor's PDF export does.
 */
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { CJK_FONTS } from '../fonts/index.ts';
import { type DrawOptions, drawBlocks, type Pen } from './draw.ts';
import { reportBlocks } from './outline.ts';
import type { BuildableReport } from './sample-report.ts';

// Read once: the portal builds hundreds of PDFs at start-up and each document embeds a subset.
let fontBytes: Buffer | undefined;

export async function buildPdf(report: BuildableReport, opts: DrawOptions = {}): Promise<Uint8Array> {
  fontBytes ??= readFileSync(CJK_FONTS.regular);
  const doc = new PDFDocument({ size: 'A4', margin: 0, info: { Title: report.meta.title ?? 'report' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('cjk', fontBytes);
  doc.font('cjk').lineWidth(0.5);
  const pen: Pen = {
    pageWidth: doc.page.width,
    pageHeight: doc.page.height,
    measure: (text, size) => doc.fontSize(size).widthOfString(text),
    text: (str, x, y, size) => {
      doc.fontSize(size).text(str, x, y, { lineBreak: false });
    },
    rect: (x, y, w, h) => {
      doc.rect(x, y, w, h).stroke();
    },
    addPage: () => {
      doc.addPage({ size: 'A4', margin: 0 });
    },
  };
  drawBlocks(pen, reportBlocks(report), opts);
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}
