/** The dataset's repository API: see README.md for semantics. */

export type { AgencyInput, ResolvedAgency } from './agencies.ts';
export { resolveAgencies, resolveSources, setSourceRegion, upsertSource } from './agencies.ts';
export { mergeAgencies, splitAgency, unmergeAgency } from './agency-decisions.ts';
export type { AgencyIdentity, AgencyKind, RegionMethod } from './agency-identity.ts';
export { agencyFromTitle, identifyAgency, placeholderReason } from './agency-identity.ts';
export { agencyKey, regionFromName } from './agency-key.ts';
export { openConfiguredDatabase } from './configured.ts';
export type { CrawlCounts, CrawlMode, CrawlStatus } from './crawl-runs.ts';
export {
  addCrawlCounts,
  addCrawlCountsMany,
  endCrawlRuns,
  finishCrawlRun,
  getCrawlRun,
  noteCrawlRunError,
  startCrawlRun,
} from './crawl-runs.ts';
export { recomputeYearFindings } from './cross-year.ts';
export type { DocumentInput, FetchedInput, StoredDocument } from './documents.ts';
export { findDocumentByUrl, getDocument, storeDocument, storeFetchedDocuments } from './documents.ts';
export type { Database, OpenOptions, Orm, Queryable } from './engine.ts';
export { openDatabase } from './engine.ts';
export { DbError, DbInputError } from './errors.ts';
export type { ExportedFile } from './export.ts';
export { exportViews, PUBLIC_VIEWS } from './export.ts';
export { toCsv, toJson, toTable } from './format.ts';
export type { ListWalkRow, ListWalkStart } from './list-walks.ts';
export { completeListWalk, listListWalks, startListWalk } from './list-walks.ts';
export type { LoadContext, LoadItem, LoadOutcome, LoadResult } from './load.ts';
export { loadReport, loadReports } from './load.ts';
export type { ExtractFn, FileHints, LoadFilesOptions, LoadFilesSummary } from './load-files.ts';
export { expandPaths, loadFiles, REPORT_FILE_TYPES } from './load-files.ts';
export { MIGRATIONS_DIR, migrate } from './migrate.ts';
export type { ExtractionInput } from './pipeline-extractions.ts';
export { getExtraction, saveExtraction } from './pipeline-extractions.ts';
export type { DocumentRefInput, RefKind, RefSighting, RefState, RefUpsert } from './pipeline-store.ts';
export {
  clearExtractionFailures,
  clearFetchFailure,
  datasetCounts,
  documentIdForUrl,
  listDocumentRefs,
  listExtractionFailures,
  listFetchFailures,
  markRefFetched,
  recordExtractionFailure,
  recordFetchFailure,
  refSighting,
  setDocumentRefState,
  unfinishedDocumentRefs,
  upsertDocumentRef,
  upsertDocumentRefs,
} from './pipeline-store.ts';
export type { QueryResult } from './read-only.ts';
export { grantReader, READER_ROLE, readOnlyQuery } from './read-only.ts';
export type { Division, DivisionLevel } from './regions.ts';
export { divisions } from './regions.ts';
export * as tables from './schema.ts';
