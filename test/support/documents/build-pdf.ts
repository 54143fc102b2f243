/**
 * A .pdf of a report made with pdfkit and an embedded CJK font (WenQuanYi Micro Hei, Debian
 * fonts-wqy-microhei): tables drawn as ruled grids with each cell's text placed in its box, as a
 * word processor's PDF export does. pdfkit takes the .ttc when given the collection member's name.
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { type DrawOptions, drawBlocks, type Pen } from './draw.ts';
import { reportBlocks } from './outline.ts';
import type { BuildableReport } from './sample-report.ts';

export const CJK_FONT = {
  path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  member: 'WenQuanYiMicroHei',
};
export const cjkFontAvailable = (): boolean => existsSync(CJK_FONT.path);

export async function buildPdf(report: BuildableReport, opts: DrawOptions = {}): Promise<Uint8Array> {
  if (!cjkFontAvailable()) {
    throw new Error(`buildPdf needs a CJK font at ${CJK_FONT.path} (apt-get install fonts-wqy-microhei)`);
  }
  const doc = new PDFDocument({ size: 'A4', margin: 0, info: { Title: report.meta.title ?? 'report' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('cjk', CJK_FONT.path, CJK_FONT.member);
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
