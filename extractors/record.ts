/**
 * The canonical record of ../shared/spec/report-schema.md, declared once with zod.
 * Every other shape (db rows, CLI JSON, fixtures) derives from these schemas.
 */
import { z } from 'zod';

export const TABLE_KEYS = ['active', 'requests', 'appeals'] as const;
export const TableKey = z.enum(TABLE_KEYS);
export type TableKey = z.infer<typeof TableKey>;

export const TEMPLATE_VERSIONS = ['2019', '2021', 'pre2019'] as const;
export const TemplateVersion = z.enum(TEMPLATE_VERSIONS);
export type TemplateVersion = z.infer<typeof TemplateVersion>;

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

export const ReportStatus = z.enum(['ok', 'partial', 'failed']);
export type ReportStatus = z.infer<typeof ReportStatus>;

/** Where a cell came from, so a researcher can trace any number back to the source text. */
export const CellSource = z.object({
  /** Index of the table among the tables found in the document (0-based). */
  table_index: z.number().int(),
  /** Row and column in the source grid (0-based), after spans are resolved. */
  row: z.number().int(),
  col: z.number().int(),
  /** Read by OCR: the page (1-based), the cell's box on it [x, y, w, h] in pixels of the page image, and the engine's confidence (0–100). */
  page: z.number().int().optional(),
  box: z.array(z.number()).length(4).optional(),
  confidence: z.number().optional(),
});
export type CellSource = z.infer<typeof CellSource>;

export const Cell = z.object({
  table: TableKey,
  row: z.string(),
  col: z.string(),
  value: z.number().nullable(),
  raw: z.string(),
  source: CellSource.nullable().optional(),
});
export type Cell = z.infer<typeof Cell>;

export const Finding = z.object({
  code: z.string(),
  severity: Severity,
  table: TableKey.nullable(),
  row: z.string().nullable(),
  col: z.string().nullable(),
  message: z.string(),
});
export type Finding = z.infer<typeof Finding>;

export const ReportMeta = z.object({
  title: z.string().nullable(),
  agency: z.string().nullable(),
  year: z.number().int().nullable(),
  published_on: z.string().nullable(),
  index_no: z.string().nullable(),
});
export type ReportMeta = z.infer<typeof ReportMeta>;

export const Sections = z.object({
  overview: z.string().nullable(),
  problems: z.string().nullable(),
  other: z.string().nullable(),
});
export type Sections = z.infer<typeof Sections>;

export const ReportRecord = z.object({
  status: ReportStatus,
  meta: ReportMeta,
  templates: z.object({
    active: TemplateVersion.nullable(),
    requests: TemplateVersion.nullable(),
    appeals: TemplateVersion.nullable(),
  }),
  cells: z.array(Cell),
  findings: z.array(Finding),
  sections: Sections,
});
export type ReportRecord = z.infer<typeof ReportRecord>;
