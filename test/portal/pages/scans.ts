/**
 * Scanned reports on the portal (`startPortal({ scans: true })`): a generated report drawn as page
 * images (test/support/scans) and served as an image-only PDF attachment, as .png pages linked from
 * the report page, or as .jpg pages shown with <img> in it. The damage is mild and fixed (no timing
 * or randomness outside the seed): the OCR e2e wants most cells read, a seal over one value, and
 * every uncertain cell flagged.
 */
import { buildableOf } from '../../support/documents/portal-doc.ts';
import {
  CLEAN,
  type Damage,
  drawReport,
  type Scan,
  scanReport,
  scanToPdf,
} from '../../support/scans/index.ts';
import type { SiteItem } from '../site.ts';
import { reportOf } from './detail.ts';

export const SCAN_DPI = 300;

/** The scan as each kind is served: how it was scanned and saved. */
const DAMAGE: Record<string, Damage> = {
  'scan-pdf': CLEAN,
  'scan-images': { grey: 232, noise: 10 },
  'scan-page': { grey: 226, noise: 12, stamp: true, rotate: 0.6, jpegQuality: 80 },
};

const scans = new Map<string, Promise<Scan>>();
const pageCounts = new Map<string, number>();

export function scanOf(item: SiteItem): Promise<Scan> {
  let s = scans.get(item.id);
  if (!s) {
    s = scanReport(buildableOf(reportOf(item)), {
      dpi: SCAN_DPI,
      damage: DAMAGE[item.kind] ?? CLEAN,
      seed: item.reportSeed ?? 1,
    });
    scans.set(item.id, s);
  }
  return s;
}

/** Pages of the item's scan (drawn once to count them: the page HTML names every page image). */
export function scanPageCount(item: SiteItem): number {
  let n = pageCounts.get(item.id);
  if (n === undefined) {
    n = drawReport(buildableOf(reportOf(item)), 72).pages.length;
    pageCounts.set(item.id, n);
  }
  return n;
}

export const scanImageExt = (item: SiteItem) => (DAMAGE[item.kind]?.jpegQuality ? 'jpg' : 'png');

/** Path of the item's page image `n` (1-based): the page's path with `-n.ext` for `.shtml`. */
export const scanImagePath = (item: SiteItem, n: number) =>
  `${item.path.replace(/\.shtml$/, '')}-${n}.${scanImageExt(item)}`;

export async function buildScanPdf(item: SiteItem): Promise<{ body: Buffer; contentType: string }> {
  return { body: Buffer.from(await scanToPdf(await scanOf(item))), contentType: 'application/pdf' };
}

export async function buildScanImage(
  item: SiteItem,
  n: number,
): Promise<{ body: Buffer; contentType: string } | null> {
  const scan = await scanOf(item);
  const page = scan.pages[n - 1];
  if (!page) return null;
  return { body: page, contentType: scan.format === 'jpeg' ? 'image/jpeg' : 'image/png' };
}
