/**
 * Re-extraction: extract + load again over documents already stored — never the network. Selects
 * documents by failure, fetch date, extractor version or report, runs the same stage handlers the
 * queue runs (with the list title/date the crawl had as hints), and loads through db's loadReport,
 * which keeps every earlier revision and extraction run.
 */
import { describeError, isXxgkError, NonRetryableError } from '../config/errors.ts';
import type { Database } from '../db/index.ts';
import type { StageDeps } from './ports.ts';
import { extractStage } from './stages/extract.ts';
import { ocrStage } from './stages/ocr.ts';

export interface ReextractSelector {
  failed?: boolean;
  /** Documents fetched on or after this date (YYYY-MM-DD or ISO time). */
  since?: string;
  /** Documents whose current report came from an extractor version below this one. */
  olderThan?: string;
  report?: number;
}

export interface ReextractOutcome {
  documentId: number;
  url: string;
  result: 'loaded' | 'failed';
  outcome?: string;
  reportId?: number;
  /** Why it failed: the extractor's finding or the error, with its code (`table.missing: …`). */
  reason?: string;
  code?: string;
}

export class SelectorError extends NonRetryableError {}

const EXTRACTED = `(EXISTS (SELECT 1 FROM reports r WHERE r.document_id = d.id)
  OR EXISTS (SELECT 1 FROM extraction_failures f WHERE f.document_id = d.id))`;

export async function selectTargets(db: Database, sel: ReextractSelector): Promise<ReextractTarget[]> {
  const chosen = [sel.failed, sel.since, sel.olderThan, sel.report].filter(
    (v) => v !== undefined && v !== false,
  );
  if (chosen.length !== 1) {
    throw new SelectorError(
      'reextract.selector',
      'choose exactly one of --failed, --since DATE, --older-than VERSION, --report ID',
    );
  }
  let rows: Array<{ id: number }>;
  let onlyUrl: string | undefined;
  if (sel.failed) {
    rows = await db.query('SELECT DISTINCT document_id AS id FROM extraction_failures ORDER BY 1');
  } else if (sel.since !== undefined) {
    if (Number.isNaN(Date.parse(sel.since)))
      throw new SelectorError('reextract.since', `--since: "${sel.since}" is not a date`);
    rows = await db.query(
      `SELECT d.id FROM documents d WHERE d.fetched_at >= $1::timestamptz AND ${EXTRACTED} ORDER BY d.id`,
      [sel.since],
    );
  } else if (sel.olderThan !== undefined) {
    const all = await db.query<{ id: number; v: string }>(
      'SELECT DISTINCT document_id AS id, extractor_version AS v FROM reports WHERE is_current AND document_id IS NOT NULL ORDER BY 1',
    );
    rows = all.filter((r) => compareVersions(r.v, sel.olderThan!) < 0);
  } else {
    const found = await db.query<{ id: number; url: string }>(
      'SELECT document_id AS id, source_url AS url FROM reports WHERE id = $1 AND document_id IS NOT NULL',
      [sel.report],
    );
    if (found.length === 0)
      throw new SelectorError(
        'reextract.report',
        `--report ${sel.report}: no such report with a stored document`,
      );
    rows = found;
    onlyUrl = found[0]!.url;
  }
  return targetsOf(db, [...new Set(rows.map((r) => Number(r.id)))], onlyUrl);
}

/** One report to re-derive: a stored document and a URL it was fetched from (with that URL's list hints). */
export interface ReextractTarget {
  documentId: number;
  url: string;
  parentUrl: string | null;
  source: string;
  title: string | null;
  listDate: string | null;
}

/** Every URL a document was fetched from (several agencies may link the same file). */
export async function targetsOf(db: Database, ids: number[], onlyUrl?: string): Promise<ReextractTarget[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<{
    id: number;
    url: string;
    parent_url: string | null;
    source: string | null;
    title: string | null;
    list_date: string | null;
  }>(
    `SELECT d.id, coalesce(r.url, d.url) AS url, coalesce(r.parent_url, d.parent_url) AS parent_url,
            s.name AS source, r.title, r.list_date::text AS list_date
     FROM documents d LEFT JOIN document_refs r ON r.document_id = d.id LEFT JOIN sources s ON s.id = d.source_id
     WHERE d.id = ANY($1::int[]) ORDER BY d.id, 2`,
    [ids],
  );
  return rows
    .filter((r) => onlyUrl === undefined || r.url === onlyUrl)
    .map((r) => ({
      documentId: Number(r.id),
      url: r.url,
      parentUrl: r.parent_url,
      source: r.source ?? 'local',
      title: r.title,
      listDate: r.list_date,
    }));
}

export async function reextractDocuments(
  deps: StageDeps,
  targets: ReextractTarget[],
  opts: { concurrency?: number; onDone?: (o: ReextractOutcome) => void } = {},
): Promise<ReextractOutcome[]> {
  const out: ReextractOutcome[] = [];
  let next = 0;
  const one = async (t: ReextractTarget): Promise<ReextractOutcome> => {
    const base = { documentId: t.documentId, url: t.url };
    try {
      // Loaded inside the extract stage (batched with the other targets'), not through the hand-off table.
      const payload = {
        runId: null,
        source: t.source,
        documentId: t.documentId,
        url: t.url,
        parentUrl: t.parentUrl,
        hints: { title: t.title, publishedOn: t.listDate },
      };
      const inline = { ...deps, loadInline: true };
      let { summary, next } = await extractStage(payload, inline);
      // A scan: OCR here, as the pipeline's OCR stage would.
      if (next.some((j) => j.stage === 'ocr')) ({ summary, next } = await ocrStage(payload, inline));
      const code = typeof summary.code === 'string' ? summary.code : 'extract.failed';
      const why = typeof summary.reason === 'string' ? summary.reason : 'the extractor found no table';
      if (summary.outcome === undefined)
        return { ...base, result: 'failed', code, reason: `${code}: ${why}` };
      // Loaded (the report exists: its agency published), but still no table read: the operator's to repair.
      if (summary.status === 'failed')
        return {
          ...base,
          result: 'failed',
          code,
          reason: `${code}: ${why}`,
          outcome: String(summary.outcome),
          reportId: Number(summary.reportId),
        };
      return {
        ...base,
        result: 'loaded',
        outcome: String(summary.outcome),
        reportId: Number(summary.reportId),
      };
    } catch (err) {
      // The error's own code (input.too_large, load.db.…), so `status` and this report agree on why.
      const code = isXxgkError(err) ? err.code : 'reextract.error';
      await deps.store.recordExtractionFailure(t.documentId, deps.extractorVersion, code, describeError(err));
      return { ...base, result: 'failed', code, reason: describeError(err) };
    }
  };
  const lane = async () => {
    while (next < targets.length) {
      const o = await one(targets[next++]!);
      out.push(o);
      opts.onDone?.(o);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, lane));
  return out.sort((a, b) => a.documentId - b.documentId || a.url.localeCompare(b.url));
}

/** Dotted numeric versions ("1.10.0" > "1.9.2"); non-numeric parts compare as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny;
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}
