/**
 * `xxgk load FILE|DIR…`: read local report files, keep their bytes as documents, extract, load.
 * The extractor is injected (the CLI passes extractors/index.ts), so this runs and is tested alone.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeError, isXxgkError } from '../config/errors.ts';
import { isReport } from '../extractors/input-checks.ts';
import type { ReportRecord } from '../extractors/record.ts';
import { setSourceRegion } from './agencies.ts';
import { resolveRegion } from './agency-identity.ts';
import { storeDocument } from './documents.ts';
import type { Database } from './engine.ts';
import { DbError, DbInputError } from './errors.ts';
import { type LoadOutcome, loadReport } from './load.ts';
import { recordExtractionFailure } from './pipeline-store.ts';

export const REPORT_FILE_TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.shtml': 'text/html',
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.wps': 'application/msword',
};

export interface FileHints {
  url: string;
  filename: string;
  contentType: string | null;
  charset: string | null;
}
export type ExtractFn = (bytes: Uint8Array, hints: FileHints) => ReportRecord | Promise<ReportRecord>;

export interface LoadFilesOptions {
  extract: ExtractFn;
  extractorVersion: string;
  /**
   * Where the files come from (a source name, created if new): agencies with bare names (区财政局) are
   * told apart per source, as crawled ones are. Without it, and without a region, a bare name is one
   * agency across every file loaded so.
   */
  source?: string | null;
  /**
   * The files' region (a GB/T 2260 code or a place name: 赣州经开区), for agencies whose name has none;
   * with `source`, it becomes that source's region for later loads too.
   */
  region?: string | null;
  onProgress?: (done: number, total: number, file: string) => void;
}

export interface LoadFilesSummary {
  loaded: Array<{ file: string; reportId: number; outcome: LoadOutcome }>;
  failed: Array<{ file: string; code: string; reason: string }>;
}

/** `load.not_a_report`:  what the extractor looked for and did not find. */
export function notAReport(record: ReportRecord): DbInputError {
  const why = record.findings
    .filter((f) => f.severity === 'error')
    .map((f) => f.message)
    .join('; ');
  return new DbInputError(
    'load.not_a_report',
    `not an annual report, nothing loaded${why ? ` (${why})` : ''}`,
  );
}

/** Files named on the command line, directories walked recursively (only known report types). */
export function expandPaths(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string, explicit: boolean) => {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      throw new DbInputError('load.path', `load: no such file or directory: ${p}`);
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!name.startsWith('.')) walk(join(p, name), false);
    } else if (explicit || REPORT_FILE_TYPES[extname(p).toLowerCase()]) {
      out.push(resolve(p));
    }
  };
  for (const p of paths) walk(p, true);
  return out;
}

export async function loadFiles(
  db: Database,
  paths: string[],
  opts: LoadFilesOptions,
): Promise<LoadFilesSummary> {
  if (opts.region && !resolveRegion(opts.region))
    throw new DbInputError(
      'load.region',
      `load: region "${opts.region}" is no GB/T 2260 division (a code or a name)`,
    );
  const files = expandPaths(paths);
  if (files.length === 0)
    throw new DbInputError(
      'load.no_files',
      `load: no report file in ${paths.join(', ')} (looked for ${Object.keys(REPORT_FILE_TYPES).join(' ')})`,
    );
  if (opts.source && opts.region) await setSourceRegion(db, opts.source, opts.region);
  const summary: LoadFilesSummary = { loaded: [], failed: [] };
  for (const [i, file] of files.entries()) {
    let documentId: number | null = null;
    try {
      const bytes = new Uint8Array(readFileSync(file));
      const url = pathToFileURL(file).href;
      const contentType = REPORT_FILE_TYPES[extname(file).toLowerCase()] ?? null;
      const doc = await storeDocument(db, {
        ...(opts.source ? { sourceName: opts.source } : {}),
        url,
        finalUrl: url,
        status: 200,
        headers: {},
        contentType,
        encoding: null,
        bytes,
        fetchedAt: statSync(file).mtime,
      });
      documentId = doc.id;
      const record = await opts.extract(bytes, { url, filename: file, contentType, charset: null });
      // No annual report (a README, a notice, a captcha page): loading it would add a report row
      // with no agency, year or cell. A report whose tables were not read is loaded (issue 12).
      if (!isReport(record)) throw notAReport(record);
      const res = await loadReport(db, record, {
        documentId,
        sourceUrl: url,
        sourceName: opts.source ?? null,
        region: opts.region ?? null,
        extractorVersion: opts.extractorVersion,
      });
      summary.loaded.push({ file, ...res });
    } catch (err) {
      const code = isXxgkError(err) ? err.code : 'load.failed';
      const reason = describeError(err);
      summary.failed.push({ file, code, reason });
      if (documentId !== null && !(err instanceof DbError)) {
        await recordExtractionFailure(db, {
          documentId,
          extractorVersion: opts.extractorVersion,
          code,
          message: reason,
        });
      }
    }
    opts.onProgress?.(i + 1, files.length, file);
  }
  return summary;
}
