/**
 * The records behind the local portal's committed `.doc` attachments (test/fixtures/documents/
 * portal-{year}.doc). Only LibreOffice writes .doc, so these are built once by make-fixtures.ts and
 * the portal serves the files; its truth recomputes the same records from here. They come from the
 * seeded generator, like the portal's page/.docx/.pdf reports, so received, handled and outcomes add
 * up the way a real report's do.
 */
import { expectedCells, type GeneratedReport, generateReport } from '../generate.ts';
import type { BuildableReport } from './sample-report.ts';

/** One fixture per report year the portal serves by default, so a .doc's own title has the item's year. */
export const PORTAL_DOC_YEARS = [2019, 2020, 2021, 2022, 2023, 2024] as const;

/** The agency printed in the fixtures; the portal's page hints (list title, detail page) name the real one. */
export const PORTAL_DOC_AGENCY = '赣州经开区政务服务中心';

/** Fixed per year: a new seed here means regenerating the committed files. */
const SEED_BASE = 88_000;

export const portalDocFile = (year: number): string => `portal-${year}.doc`;

/** The generated report a portal .doc fixture holds (template as usual for its year). */
export function portalDocReport(year: number): GeneratedReport {
  return generateReport(SEED_BASE + year, { year, agency: PORTAL_DOC_AGENCY });
}

/** A generated report as the document builders take it: cells with their printed raws, prose as sections. */
export function buildableOf(report: GeneratedReport): BuildableReport {
  return {
    meta: { ...report.meta },
    cells: expectedCells(report),
    templates: report.templates,
    sections: { ...report.prose },
  };
}
