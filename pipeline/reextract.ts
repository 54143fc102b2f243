/**
 * Re-extraction: extract + load again over documents already stored — never the network. Selects
 * documents by failure, fetch date, extractor version or report, runs the same stage handlers the
 * queue runs (with the list title/date the crawl had as hints), and loads through db's loadReport,
 * which keeps every earlier revision and extraction run.
 */
import { NonRetryableError, describeError } from '../config/errors.ts';
import type { Database } from '../db/index.ts';
import type { StageDeps } from './ports.ts';
import { extractStage } from './stages/extract.ts';
import { loadStage } from './stages/load.ts';

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
  reason?: string;
}

export class SelectorError extends NonRetryableError {}

const EXTRACTED = `(EXISTS (SELECT 1 FROM reports r WHERE r.document_id = d.id)
  OR EXISTS (SELECT 1 FROM extraction_failures f WHERE f.document_id = d.id))`;

export async function selectDocuments(db: Database, sel: ReextractSelector): Promise<number[]> {
  const chosen = [sel.failed, sel.since, sel.olderThan, sel.report].filter((v) => v !== undefined && v !== false);
  if (chosen.length !== 1) {
    throw new SelectorError('reextract.selector', 'choose exactly one of --failed, --since DATE, --older-than VERSION, --report ID');
  }
  let rows: Array<{ id: number }>;
  if (sel.failed) {
    rows = await db.query('SELECT DISTINCT document_id AS id FROM extraction_failures ORDER BY 1');
  } else if (sel.since !== undefined) {
    if (Number.isNaN(Date.parse(sel.since))) throw new SelectorError('reextract.since', `--since: "${sel.since}" is not a date`);
    rows = await db.query(`SELECT d.id FROM documents d WHERE d.fetched_at >= $1::timestamptz AND ${EXTRACTED} ORDER BY d.id`, [
      sel.since,
    ]);
  } else if (sel.olderThan !== undefined) {
    const all = await db.query<{ id: number; v: string }>(
      'SELECT DISTINCT document_id AS id, extractor_version AS v FROM reports WHERE is_current AND document_id IS NOT NULL ORDER BY 1',
    );
    rows = all.filter((r) => compareVersions(r.v, sel.olderThan!) < 0);
  } else {
    rows = await db.query('SELECT document_id AS id FROM reports WHERE id = $1 AND document_id IS NOT NULL', [sel.report]);
    if (rows.length === 0) throw new SelectorError('reextract.report', `--report ${sel.report}: no such report with a stored document`);
  }
  return [...new Set(rows.map((r) => Number(r.id)))];
}

export async function reextractDocuments(
  db: Database,
  deps: StageDeps,
  ids: number[],
  opts: { concurrency?: number; onDone?: (o: ReextractOutcome) => void } = {},
): Promise<ReextractOutcome[]> {
  const out: ReextractOutcome[] = [];
  let next = 0;
  const one = async (documentId: number): Promise<ReextractOutcome> => {
    const meta = await db.query<{ url: string; source: string | null; title: string | null; list_date: string | null }>(
      `SELECT d.url, s.name AS source, r.title, r.list_date::text AS list_date
       FROM documents d LEFT JOIN sources s ON s.id = d.source_id LEFT JOIN document_refs r ON r.url = d.url
       WHERE d.id = $1`,
      [documentId],
    );
    const m = meta[0];
    if (!m) return { documentId, url: '?', result: 'failed', reason: 'document not found' };
    const source = m.source ?? 'local';
    try {
      const hints = { title: m.title, publishedOn: m.list_date };
      const extracted = await extractStage({ runId: null, source, documentId, hints }, deps);
      const load = extracted.next.find((j) => j.stage === 'load');
      if (!load || load.stage !== 'load') {
        return { documentId, url: m.url, result: 'failed', reason: 'extractor still reports no table' };
      }
      const loaded = await loadStage(load.data, deps);
      return {
        documentId,
        url: m.url,
        result: 'loaded',
        outcome: String(loaded.summary.outcome),
        reportId: Number(loaded.summary.reportId),
      };
    } catch (err) {
      await deps.store.recordExtractionFailure(documentId, deps.extractorVersion, 'reextract.error', describeError(err));
      return { documentId, url: m.url, result: 'failed', reason: describeError(err) };
    }
  };
  const lane = async () => {
    while (next < ids.length) {
      const o = await one(ids[next++]!);
      out.push(o);
      opts.onDone?.(o);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, lane));
  return out.sort((a, b) => a.documentId - b.documentId);
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
