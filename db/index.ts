/** The dataset's repository API: see README.md for semantics. */
export type { Database, OpenOptions, Orm, Queryable } from './engine.ts';
export { openDatabase } from './engine.ts';
export { migrate, MIGRATIONS_DIR } from './migrate.ts';
export { upsertSource, mergeAgencies, resolveAgencies } from './agencies.ts';
export { agencyKey, regionFromName } from './agency-key.ts';
export { storeDocument, getDocument, findDocumentByUrl } from './documents.ts';
export type { DocumentInput, StoredDocument } from './documents.ts';
export { loadReport, loadReports } from './load.ts';
export type { LoadContext, LoadItem, LoadOutcome, LoadResult } from './load.ts';
export { recomputeYearFindings } from './cross-year.ts';
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
export type { CrawlCounts, CrawlMode, DocumentRefInput, RefKind, RefState } from './pipeline-store.ts';
export { grantReader, readOnlyQuery, READER_ROLE } from './read-only.ts';
export type { QueryResult } from './read-only.ts';
export { DbError, DbInputError } from './errors.ts';
export * as tables from './schema.ts';
export { exportViews, PUBLIC_VIEWS } from './export.ts';
export type { ExportedFile } from './export.ts';
export { toCsv, toJson, toTable } from './format.ts';
export { openConfiguredDatabase } from './configured.ts';
export { expandPaths, loadFiles, REPORT_FILE_TYPES } from './load-files.ts';
export type { ExtractFn, FileHints, LoadFilesOptions, LoadFilesSummary } from './load-files.ts';
