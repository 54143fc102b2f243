/**
 * The dataset's tables (drizzle). Migrations in ../migrations are generated from this file by
 * `npx drizzle-kit generate`; the public views and the reader role live in a custom migration.
 * Researchers should query the views (report_list, report_cells, …): these tables may change.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  real,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { ReportRecord } from '../extractors/record.ts';

/** Raw document bytes; node-postgres returns a Buffer, PGlite a Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A disclosure portal (e.g. gzjkq.ganzhou.gov.cn). */
export const sources = pgTable('sources', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  baseUrl: text('base_url').notNull(),
  region: text('region'),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

/**
 * One agency across years. Its identity lives in agency_keys and agency_aliases (scope + name), so a
 * researcher's merge or split (agency_decisions) survives every reload; a merged agency stays as a
 * tombstone (`merged_into`) so that the merge can be undone with its id intact.
 */
export const agencies = pgTable('agencies', {
  id: serial('id').primaryKey(),
  /** The scope and key it was created under (see agency-identity.ts); informational. */
  agencyKey: text('agency_key').notNull(),
  /** Canonical name. */
  name: text('name').notNull(),
  /** Region as first written at load time (a place name); `region_code` is the resolved division. */
  region: text('region'),
  sourceId: integer('source_id').references(() => sources.id),
  createdAt: tstz('created_at').notNull().defaultNow(),
  /** province | city | county | township: the tier of government the agency belongs to. */
  level: text('level'),
  /** government (人民政府, 管委会, 街道办事处) | department (a 局, 委, 办 … of one). */
  kind: text('kind'),
  /** GB/T 2260 code (6 digits; 9 for a township, the statistics bureau's extension). */
  regionCode: text('region_code'),
  regionName: text('region_name'),
  /** How the region was inferred: name | title | source | manual. */
  regionMethod: text('region_method'),
  regionEvidence: text('region_evidence'),
  mergedInto: integer('merged_into'),
});

/** Every spelling seen for an agency, per scope (a region code, `s:<source id>`, or ''). */
export const agencyAliases = pgTable(
  'agency_aliases',
  {
    id: serial('id').primaryKey(),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id, { onDelete: 'cascade' }),
    alias: text('alias').notNull(),
    firstSeen: tstz('first_seen').notNull().defaultNow(),
    scope: text('scope').notNull().default(''),
    /** The normalised key of this spelling (agency_keys), so a split can take its keys along. */
    key: text('key'),
  },
  (t) => [uniqueIndex('agency_aliases_scope_alias_idx').on(t.scope, t.alias)],
);

/** The normalised keys that lead to an agency, per scope: a new spelling with a known key joins it. */
export const agencyKeys = pgTable(
  'agency_keys',
  {
    id: serial('id').primaryKey(),
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id, { onDelete: 'cascade' }),
  },
  (t) => [
    uniqueIndex('agency_keys_scope_key_idx').on(t.scope, t.key),
    index('agency_keys_agency_idx').on(t.agencyId),
  ],
);

/** Why a spelling was folded into an agency by its normalised key: never silent. */
export const agencyMerges = pgTable('agency_merges', {
  id: serial('id').primaryKey(),
  agencyId: integer('agency_id')
    .notNull()
    .references(() => agencies.id, { onDelete: 'cascade' }),
  mergedName: text('merged_name').notNull(),
  mergedKey: text('merged_key'),
  reason: text('reason').notNull(),
  mergedAt: tstz('merged_at').notNull().defaultNow(),
});

export const AGENCY_ACTIONS = ['merge', 'split', 'unmerge'] as const;

/**
 * A researcher's decision about agencies (`xxgk agencies merge|split`): what moved where and why,
 * precisely enough to undo it. Loads look agencies up through aliases and keys, which these
 * decisions move, so no reload undoes them.
 */
export const agencyDecisions = pgTable(
  'agency_decisions',
  {
    id: serial('id').primaryKey(),
    action: text('action', { enum: AGENCY_ACTIONS }).notNull(),
    /** merge: the agency kept; split: the agency split; unmerge: the agency revived. */
    agencyId: integer('agency_id').notNull(),
    /** merge: the agency folded in; split: the new agency; unmerge: the one it had been merged into. */
    otherAgencyId: integer('other_agency_id'),
    /** Alias, key and report ids moved: `{ aliases: number[], keys: number[], reports: number[] }`. */
    moved: jsonb('moved').$type<{ aliases: number[]; keys: number[]; reports: number[] }>().notNull(),
    reason: text('reason').notNull(),
    decidedAt: tstz('decided_at').notNull().defaultNow(),
    /** The decision that undid this one. */
    revertedBy: integer('reverted_by'),
  },
  (t) => [
    check('agency_decisions_action_check', sql`${t.action} IN ('merge', 'split', 'unmerge')`),
    index('agency_decisions_agency_idx').on(t.agencyId),
  ],
);

/** Every fetched (or locally read) document, raw bytes kept, one row per distinct sha256. */
export const documents = pgTable(
  'documents',
  {
    id: serial('id').primaryKey(),
    sourceId: integer('source_id').references(() => sources.id),
    url: text('url').notNull(),
    finalUrl: text('final_url').notNull(),
    httpStatus: integer('http_status').notNull(),
    headers: jsonb('headers').$type<Record<string, string>>().notNull(),
    contentType: text('content_type'),
    encoding: text('encoding'),
    sha256: text('sha256').notNull().unique(),
    byteSize: integer('byte_size').notNull(),
    bytes: bytea('bytes').notNull(),
    parentUrl: text('parent_url'),
    fetchedAt: tstz('fetched_at').notNull(),
  },
  (t) => [index('documents_url_idx').on(t.url)],
);

/** One extracted report revision; exactly one revision per identity is current. */
export const reports = pgTable(
  'reports',
  {
    id: serial('id').primaryKey(),
    agencyId: integer('agency_id').references(() => agencies.id),
    agencyName: text('agency_name'),
    region: text('region'),
    year: integer('year'),
    title: text('title'),
    publishedOn: date('published_on', { mode: 'string' }),
    indexNo: text('index_no'),
    sourceUrl: text('source_url').notNull(),
    documentId: integer('document_id').references(() => documents.id),
    templateActive: text('template_active'),
    templateRequests: text('template_requests'),
    templateAppeals: text('template_appeals'),
    status: text('status').notNull(),
    sections: jsonb('sections').$type<ReportRecord['sections']>().notNull(),
    extractorVersion: text('extractor_version').notNull(),
    extractedAt: tstz('extracted_at').notNull(),
    contentHash: text('content_hash').notNull(),
    // Key figures copied from this report's cells at load time (same transaction, same record):
    // the cross-year checks read these instead of searching 200 cells per report per load.
    carriedOver: numeric('carried_over'),
    carriedForward: numeric('carried_forward'),
    regulationsIssued: numeric('regulations_issued'),
    regulationsRepealed: numeric('regulations_repealed'),
    regulationsInForce: numeric('regulations_in_force'),
    normativeIssued: numeric('normative_issued'),
    normativeRepealed: numeric('normative_repealed'),
    normativeInForce: numeric('normative_in_force'),
    revision: integer('revision').notNull().default(1),
    isCurrent: boolean('is_current').notNull().default(true),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('reports_identity_idx').on(t.sourceUrl, t.agencyId, t.year),
    index('reports_agency_year_idx').on(t.agencyId, t.year),
  ],
);

/**
 * Long-form cells, keys as report-schema.md names them. No surrogate key and no foreign key: a
 * per-row FK trigger halves COPY speed, and the loader (the only writer) deletes a report's cells itself.
 * Rows of one report are written together by one COPY, so they sit in adjacent blocks.
 */
export const cells = pgTable(
  'cells',
  {
    reportId: integer('report_id').notNull(),
    tableKey: text('table_key').notNull(),
    rowKey: text('row_key').notNull(),
    colKey: text('col_key').notNull(),
    value: numeric('value'),
    raw: text('raw').notNull(),
    /** Where the extractor read the cell: table index in the document, row and column of its grid. */
    sourceTable: integer('source_table'),
    sourceRow: integer('source_row'),
    sourceCol: integer('source_col'),
  },
  // BRIN, not btree: report ids grow with each load, so a block-range index finds a report's cells
  // at a fraction of a btree's upkeep (a btree on report_id cost 40% of COPY throughput).
  (t) => [index('cells_report_idx').using('brin', t.reportId).with({ pages_per_range: 16 })],
);

/**
 * Where an OCR'd cell is on its scan (extractors/ocr): page (1-based; a page of pictures numbers its
 * pictures on), the cell's box [x, y, w, h] in pixels of the page image, the engine's confidence.
 * Only cells read from page images have a row; like `cells`, no FK (the loader deletes them itself).
 */
export const cellScans = pgTable(
  'cell_scans',
  {
    reportId: integer('report_id').notNull(),
    tableKey: text('table_key').notNull(),
    rowKey: text('row_key').notNull(),
    colKey: text('col_key').notNull(),
    page: integer('page').notNull(),
    box: integer('box').array().notNull(),
    confidence: real('confidence'),
  },
  (t) => [index('cell_scans_report_idx').on(t.reportId)],
);

/** A finding's columns (per report or cross-year): fresh builders per table, as drizzle needs. */
const findingColumns = () => ({
  code: text('code').notNull(),
  severity: text('severity').notNull(),
  tableKey: text('table_key'),
  rowKey: text('row_key'),
  colKey: text('col_key'),
  message: text('message').notNull(),
});

/** Per-report findings, as the extractor produced them. */
export const findings = pgTable(
  'findings',
  {
    id: serial('id').primaryKey(),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    ...findingColumns(),
  },
  (t) => [index('findings_report_idx').on(t.reportId)],
);

/**
 * Cross-year findings (years.*), recomputed per agency whenever one of its reports is loaded.
 * Derived rows, written only by recomputeYearFindings, which deletes an agency's rows itself (and
 * mergeAgencies before it removes one): no foreign keys, as on cells. Each FK check locks the
 * referenced report row, which cost as much as computing the findings.
 */
export const yearFindings = pgTable(
  'year_findings',
  {
    id: serial('id').primaryKey(),
    agencyId: integer('agency_id').notNull(),
    reportId: integer('report_id').notNull(),
    year: integer('year').notNull(),
    ...findingColumns(),
    computedAt: tstz('computed_at').notNull().defaultNow(),
  },
  (t) => [index('year_findings_agency_idx').on(t.agencyId), index('year_findings_report_idx').on(t.reportId)],
);

/** Every extraction that touched a report: which version produced what, and when. */
export const extractionRuns = pgTable(
  'extraction_runs',
  {
    id: serial('id').primaryKey(),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    documentId: integer('document_id').references(() => documents.id),
    extractorVersion: text('extractor_version').notNull(),
    outcome: text('outcome').notNull(),
    contentHash: text('content_hash').notNull(),
    /** sha256 of the stored document the run read (null for a record loaded without one). */
    inputSha256: text('input_sha256'),
    /** The full record this run produced, so two runs can be diffed years later. */
    record: jsonb('record').$type<ReportRecord>(),
    ranAt: tstz('ran_at').notNull(),
  },
  (t) => [index('extraction_runs_report_idx').on(t.reportId)],
);

/** A document the extractor could not turn into a record (latest attempt per extractor version). */
export const extractionFailures = pgTable(
  'extraction_failures',
  {
    id: serial('id').primaryKey(),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    extractorVersion: text('extractor_version').notNull(),
    code: text('code').notNull(),
    message: text('message').notNull(),
    attempts: integer('attempts').notNull().default(1),
    failedAt: tstz('failed_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('extraction_failures_doc_version_idx').on(t.documentId, t.extractorVersion)],
);

/** Links the crawler discovered (detail pages and attachments) and their fetch state. */
export const documentRefs = pgTable('document_refs', {
  id: serial('id').primaryKey(),
  sourceId: integer('source_id').references(() => sources.id),
  url: text('url').notNull().unique(),
  title: text('title'),
  listDate: date('list_date', { mode: 'string' }),
  kind: text('kind').notNull(),
  parentUrl: text('parent_url'),
  firstSeen: tstz('first_seen').notNull().defaultNow(),
  lastSeen: tstz('last_seen').notNull().defaultNow(),
  /** new | fetched | failed | skipped */
  state: text('state').notNull().default('new'),
  documentId: integer('document_id').references(() => documents.id),
});

/** The last fetch failure per URL, with its attempt count. */
export const fetchFailures = pgTable('fetch_failures', {
  id: serial('id').primaryKey(),
  sourceId: integer('source_id').references(() => sources.id),
  url: text('url').notNull().unique(),
  code: text('code').notNull(),
  reason: text('reason').notNull(),
  attempts: integer('attempts').notNull().default(1),
  lastTry: tstz('last_try').notNull().defaultNow(),
});

export const CRAWL_MODES = ['full', 'incremental', 'retry'] as const;
/**
 * running; done or failed once its queues went idle; stalled when it made no progress and ended
 * without its stuck jobs (XXGK_STALL_ACTION=finish); interrupted by Ctrl-C or SIGTERM.
 */
export const CRAWL_STATUSES = ['running', 'done', 'failed', 'stalled', 'interrupted'] as const;
export type CrawlStatus = (typeof CRAWL_STATUSES)[number];

/** One crawl of one source (`retry`: `xxgk retry --failed-fetches`, which walks no list). */
export const crawlRuns = pgTable(
  'crawl_runs',
  {
    id: serial('id').primaryKey(),
    sourceId: integer('source_id').references(() => sources.id),
    mode: text('mode', { enum: CRAWL_MODES }).notNull(),
    startedAt: tstz('started_at').notNull().defaultNow(),
    finishedAt: tstz('finished_at'),
    discovered: integer('discovered').notNull().default(0),
    fetched: integer('fetched').notNull().default(0),
    extracted: integer('extracted').notNull().default(0),
    loaded: integer('loaded').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    /** CRAWL_STATUSES */
    status: text('status', { enum: CRAWL_STATUSES }).notNull().default('running'),
    error: text('error'),
  },
  (t) => [check('crawl_runs_mode_check', sql`${t.mode} IN ('full', 'incremental', 'retry')`)],
);

/**
 * One row per list a source walks (a list page URL): when a walk of it last started and when one last
 * *completed* (reached the list's end, or stopped at a ref safe to stop at). An incremental walk may
 * stop only at a ref first seen before `last_completed_started_at`: that walk covered everything older
 * (pipeline/stages/stop-rule.ts). A walk that fails midway leaves the completed columns alone.
 */
export const listWalks = pgTable(
  'list_walks',
  {
    id: serial('id').primaryKey(),
    sourceId: integer('source_id')
      .notNull()
      .references(() => sources.id),
    listUrl: text('list_url').notNull(),
    lastStartedAt: tstz('last_started_at').notNull().defaultNow(),
    /** The crawl run of the last walk started (null for a walk outside a run). */
    lastRunId: integer('last_run_id'),
    lastCompletedStartedAt: tstz('last_completed_started_at'),
    lastCompletedAt: tstz('last_completed_at'),
  },
  (t) => [uniqueIndex('list_walks_source_list_idx').on(t.sourceId, t.listUrl)],
);

/**
 * The pipeline's hand-off from extract to load: the extract stage stores the record here and the
 * load job carries only the row id, so job payloads never hold a report body (extraction_runs
 * needs a report id, which only exists after the load).
 */
export const pipelineExtractions = pgTable('pipeline_extractions', {
  id: serial('id').primaryKey(),
  documentId: integer('document_id')
    .notNull()
    .references(() => documents.id, { onDelete: 'cascade' }),
  extractorVersion: text('extractor_version').notNull(),
  record: jsonb('record').$type<ReportRecord>().notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  loadedAt: tstz('loaded_at'),
});

/** Row shapes derived from the tables (never restated): what `db.orm` selects return. */
export type SourceRow = typeof sources.$inferSelect;
export type AgencyRow = typeof agencies.$inferSelect;
export type AgencyDecisionRow = typeof agencyDecisions.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;
export type ReportRow = typeof reports.$inferSelect;
export type CellRow = typeof cells.$inferSelect;
export type FindingRow = typeof findings.$inferSelect;
export type YearFindingRow = typeof yearFindings.$inferSelect;
export type ExtractionRunRow = typeof extractionRuns.$inferSelect;
export type DocumentRefRow = typeof documentRefs.$inferSelect;
export type CrawlRunRow = typeof crawlRuns.$inferSelect;
export type CrawlMode = CrawlRunRow['mode'];
export type PipelineExtractionRow = typeof pipelineExtractions.$inferSelect;
