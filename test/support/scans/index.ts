/**
 * Scanned reports for the OCR tests and bench: a report (generated or any BuildableReport) drawn
 * as page images at 150 or 300 dpi, damaged like real scans (damage.ts), saved as PNG/JPEG pages
 * or as an image-only PDF (one picture per page, no text layer: what a scanner's "scan to PDF"
 * writes). Deterministic from the seed.
 */
import PDFDocument from 'pdfkit';
import type { BuildableReport } from '../documents/sample-report.ts';
import { mulberry32 } from '../prng.ts';
import { type Damage, damagePage } from './damage.ts';
import { drawReport, type PlacedText } from './draw.ts';

export { CLEAN, type Damage, typicalDamage } from './damage.ts';
export { drawReport } from './draw.ts';

export interface ScanOptions {
  dpi: number;
  damage: Damage;
  seed?: number;
}

export interface Scan {
  dpi: number;
  /** One encoded image per page (PNG, or JPEG when the damage says so). */
  pages: Buffer[];
  format: 'png' | 'jpeg';
  /** Table values a seal was put on (they may legitimately come back null). */
  stamped: PlacedText[];
}

export async function scanReport(report: BuildableReport, opts: ScanOptions): Promise<Scan> {
  const rng = mulberry32(opts.seed ?? 1);
  const drawn = drawReport(report, opts.dpi);
  const pages: Buffer[] = [];
  const stamped: PlacedText[] = [];
  for (let i = 0; i < drawn.pages.length; i++) {
    const texts = drawn.texts.filter((t) => t.page === i + 1);
    const d = damagePage(drawn.pages[i]!, texts, opts.damage, rng);
    if (d.stamped) stamped.push(d.stamped);
    // encodeSync, not encode: see test/unit/repo/canvas-sync.test.ts.
    pages.push(
      opts.damage.jpegQuality
        ? d.canvas.encodeSync('jpeg', opts.damage.jpegQuality)
        : d.canvas.encodeSync('png'),
    );
  }
  return { dpi: opts.dpi, pages, format: opts.damage.jpegQuality ? 'jpeg' : 'png', stamped };
}

/** The scan as an image-only PDF: each page picture fills an A4 page; no text layer. */
export async function scanToPdf(scan: Scan): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, info: { Producer: 'Scanner' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  for (const page of scan.pages) {
    doc.addPage({ size: 'A4', margin: 0 });
    doc.image(page, 0, 0, { width: doc.page.width, height: doc.page.height });
  }
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}
