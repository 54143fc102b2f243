/** The dataset's repository API: see README.md for semantics. */

export { mergeAgencies, resolveAgencies, upsertSource } from './agencies.ts';
export { agencyKey, regionFromName } from './agency-key.ts';
export { openConfiguredDatabase } from './configured.ts';
export { recomputeYearFindings } from './cross-year.ts';
export type { DocumentInput, StoredDocument } from './documents.ts';
export { findDocumentByUrl, getDocument, storeDocument } from './documents.ts';
export type { Database, OpenOptions, Orm, Queryable } from './engine.ts';
export { openDatabase } from './engine.ts';
export { DbError, DbInputError } from './errors.ts';
export type { ExportedFile } from './export.ts';
export { exportViews, PUBLIC_VIEWS } from './export.ts';
export { toCsv, toJson, toTable } from './format.ts';
export type { LoadContext, LoadItem, LoadOutcome, LoadResult } from './load.ts';
export { loadReport, loadReports } from './load.ts';
export type { ExtractFn, FileHints, LoadFilesOptions, LoadFilesSummary } from './load-files.ts';
export { expandPaths, loadFiles, REPORT_FILE_TYPES } from './load-files.ts';
export { MIGRATIONS_DIR, migrate } from './migrate.ts';
export type { CrawlCounts, CrawlMode, DocumentRefInput, RefKind, RefState } from './pipeline-store.ts';
export {
  addCrawlCounts,
  clearFetchFailure,
  datasetCounts,
  finishCrawlRun,
  getCrawlRun,
  listDocumentRefs,
  listExtractionFailures,
  listFetchFailures,
  recordExtractionFailure,
  recordFetchFailure,
  setDocumentRefState,
  startCrawlRun,
  upsertDocumentRef,
} from './pipeline-store.ts';
export type { QueryResult } from './read-only.ts';
export { grantReader, READER_ROLE, readOnlyQuery } from './read-only.ts';
export * as tables from './schema.ts';
