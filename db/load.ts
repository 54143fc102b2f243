/**
 * Loading extracted records: idempotent, atomic, revision-keeping. One code path for one report
 * (`loadReport`) and for thousands (`loadReports`, used by the pipeline's batches and the bench):
 * a batch is a handful of set-based statements plus COPY, whatever its size.
 *
 * Identity of a report = (agency, covered year, source URL). Against the current revision:
 *   same document, same content hash      → 'unchanged' (only an extraction-run row is added)
 *   different document, same content      → 'unchanged' (a re-fetch that changed nothing readable)
 *   same document, different content      → 'replaced'  (cells and findings swapped; old output archived in its run)
 *   different document, different content → 'revised'   (new revision becomes current, old one kept)
 *   no current report                      → 'inserted'
 */
import { setImmediate } from 'node:timers/promises';
import type { FindingCode } from '../extractors/finding-codes.ts';
import type { ReportRecord } from '../extractors/record.ts';
import { type ResolvedAgency, resolveAgencies, resolveSources } from './agencies.ts';
import { regionFromName } from './agency-key.ts';
import { copyLine } from './copy-text.ts';
import { recomputeYearFindings } from './cross-year.ts';
import type { Database, Queryable } from './engine.ts';
import { blockAndHash, givenLoadInputs, mayHaveScans } from './load-inputs.ts';
import {
  copyCellsAndFindings,
  type Prepared,
  REPORT_COLUMNS,
  replaceReports,
  reportLine,
} from './report-rows.ts';
import { validateLoadItem } from './validate.ts';

export interface LoadContext {
  documentId?: number | null;
  sourceUrl: string;
  sourceName?: string | null;
  region?: string | null;
  extractorVersion: string;
  extractedAt?: Date;
}
export interface LoadItem {
  record: ReportRecord;
  ctx: LoadContext;
}
export type LoadOutcome = 'inserted' | 'unchanged' | 'revised' | 'replaced';
export interface LoadResult {
  reportId: number;
  outcome: LoadOutcome;
}

interface Existing {
  id: number;
  agency_id: number | null;
  year: number | null;
  source_url: string;
  document_id: number | null;
  content_hash: string;
  revision: number;
}

/** Loads one record in one transaction; then cross-year findings of its agency are recomputed. */
export async function loadReport(db: Database, record: ReportRecord, ctx: LoadContext): Promise<LoadResult> {
  return (await loadReports(db, [{ record, ctx }]))[0]!;
}

/** Loads many records in one transaction (all or nothing); results are in input order. */
export async function loadReports(db: Database, items: LoadItem[]): Promise<LoadResult[]> {
  for (const [i, it] of items.entries())
    validateLoadItem(it, i, givenLoadInputs(it.record)?.cellsValid === true);
  if (items.length === 0) return [];
  // Sources are created before, not inside, the batch's transaction: an uncommitted new source row
  // would make every concurrent batch naming it wait until this one commits. A source row with no
  // reports (if this batch then fails) is harmless.
  const sources = await resolveSources(db, sourceNamesOf(items));
  return db.transaction((tx) => loadInTx(tx, items, sources));
}

type Sources = Awaited<ReturnType<typeof resolveSources>>;

/** Source name → a URL of it (its origin becomes the base URL of a source created on the fly). */
function sourceNamesOf(items: LoadItem[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const it of items) if (it.ctx.sourceName) names.set(it.ctx.sourceName, it.ctx.sourceUrl);
  return names;
}

async function loadInTx(tx: Queryable, items: LoadItem[], sources: Sources): Promise<LoadResult[]> {
  const prepared = await prepare(tx, items, sources);
  await lockAgencies(tx, prepared);
  const results: LoadResult[] = new Array(items.length);
  // Items sharing an identity go in successive rounds, so each round's set operations see the previous one.
  let pending = prepared.map((p, i) => ({ p, i }));
  while (pending.length) {
    const seen = new Set<string>();
    const round: typeof pending = [];
    const later: typeof pending = [];
    for (const e of pending) {
      const k = identity(e.p.agencyId, e.p.record.meta.year, e.p.ctx.sourceUrl);
      (seen.has(k) ? later : round).push(e);
      seen.add(k);
    }
    const out = await loadRound(
      tx,
      round.map((e) => e.p),
    );
    round.forEach((e, j) => {
      results[e.i] = out[j]!;
    });
    pending = later;
  }
  const agencyIds = prepared.map((p) => p.agencyId).filter((id): id is number => id !== null);
  await recomputeYearFindings(tx, agencyIds);
  return results;
}

/**
 * Concurrent loaders (pipeline workers) must not both insert "the" current report of one identity,
 * nor interleave one agency's cross-year recompute: one transaction-scoped advisory lock per agency
 * (per URL when the agency is unknown), taken in sorted order so two batches cannot deadlock.
 */
async function lockAgencies(tx: Queryable, items: Prepared[]): Promise<void> {
  const keys = [
    ...new Set(
      items.map((p) => (p.agencyId !== null ? `xxgk-agency:${p.agencyId}` : `xxgk-url:${p.ctx.sourceUrl}`)),
    ),
  ];
  await tx.query(
    `SELECT count(pg_advisory_xact_lock(h)) FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY 1) s`,
    [keys],
  );
}

const identity = (agencyId: number | null, year: number | null, url: string) => `${agencyId}|${year}|${url}`;

async function prepare(tx: Queryable, items: LoadItem[], sources: Sources): Promise<Prepared[]> {
  // The name lookups go to the server first; the cell blocks are built while it answers.
  const names = documentsOf(
    tx,
    items.map((it) => it.ctx.documentId ?? null),
  ).then(async (docs) => ({ docs, ...(await resolveNames(tx, items, sources, docs)) }));
  names.catch(() => {}); // awaited below; not "unhandled" while the blocks are being built
  const blocks = await mapInSlices(items, (it) => blockAndHash(it.record));
  const { agencies, regionOf, docs } = await names;
  return items.map((it, i) => {
    const a = agencies[i]!;
    return {
      ...it,
      cellsBlock: blocks[i]!.block,
      mayHaveScans: mayHaveScans(it.record),
      hash: blocks[i]!.hash,
      agencyId: a.agencyId,
      agencyName: a.name,
      loadFindings: a.refused ? [placeholderFinding(a)] : [],
      region: regionOf(it),
      extractedAt: it.ctx.extractedAt ?? new Date(),
      documentId: it.ctx.documentId ?? null,
      documentSha256: it.ctx.documentId ? (docs.get(it.ctx.documentId)?.sha256 ?? null) : null,
    };
  });
}

/** A placeholder publisher refused (样本报告, 本网…): said on the report, never silent. */
function placeholderFinding(a: ResolvedAgency): ReportRecord['findings'][number] {
  return {
    code: 'agency.placeholder' satisfies FindingCode,
    severity: 'warning',
    table: null,
    row: null,
    col: null,
    message: a.fromTitle
      ? `${a.refused}; the agency is taken from the title: ${a.name}`
      : `${a.refused}; the report is kept without an agency`,
  };
}

interface DocumentFacts {
  sha256: string;
  source: { id: number; name: string; region: string | null } | null;
}

/** The stored documents of a batch: their sha256 (runs name their input) and source (a load without one). */
async function documentsOf(tx: Queryable, ids: Array<number | null>): Promise<Map<number, DocumentFacts>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await tx.query<{
    id: number;
    sha256: string;
    source_id: number | null;
    name: string;
    region: string | null;
  }>(
    `SELECT d.id, d.sha256, d.source_id, s.name, s.region FROM documents d LEFT JOIN sources s ON s.id = d.source_id
     WHERE d.id = ANY($1::int[])`,
    [wanted],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        sha256: r.sha256,
        source: r.source_id === null ? null : { id: r.source_id, name: r.name, region: r.region },
      },
    ]),
  );
}

async function resolveNames(
  tx: Queryable,
  items: LoadItem[],
  sources: Sources,
  docs: Map<number, DocumentFacts>,
) {
  // The load's source, else the source its document was fetched for: one agency whichever path loads it.
  const sourceOf = (it: LoadItem) =>
    (it.ctx.sourceName ? sources.get(it.ctx.sourceName) : undefined) ??
    (it.ctx.documentId ? docs.get(it.ctx.documentId)?.source : undefined) ??
    undefined;
  const regionOf = (it: LoadItem) =>
    it.ctx.region ?? sourceOf(it)?.region ?? regionFromName(it.record.meta.agency);
  const agencies = await resolveAgencies(
    tx,
    items.map((it) => ({
      name: it.record.meta.agency,
      title: it.record.meta.title,
      sourceRegion: it.ctx.region ?? sourceOf(it)?.region ?? null,
      sourceId: sourceOf(it)?.id ?? null,
      sourceName: sourceOf(it)?.name ?? null,
    })),
  );
  return { agencies, regionOf };
}

/**
 * Building a batch's cell blocks is the loader's longest stretch of JavaScript (~50 ms per 500
 * reports): done in slices, so that other batches' COPY streams on this event loop keep being fed
 * instead of leaving their server processes waiting for data.
 */
async function mapInSlices<T, U>(xs: T[], fn: (x: T) => U, slice = 50): Promise<U[]> {
  const out = new Array<U>(xs.length);
  for (let i = 0; i < xs.length; i++) {
    if (i > 0 && i % slice === 0) await setImmediate();
    out[i] = fn(xs[i]!);
  }
  return out;
}

async function loadRound(tx: Queryable, items: Prepared[]): Promise<LoadResult[]> {
  const existing = await tx.query<Existing>(
    `SELECT id, agency_id, year, source_url, document_id, content_hash, revision FROM reports
     WHERE is_current AND source_url = ANY($1::text[])`,
    [[...new Set(items.map((p) => p.ctx.sourceUrl))]],
  );
  const byIdentity = new Map(existing.map((e) => [identity(e.agency_id, e.year, e.source_url), e]));
  const plan = items.map((p) => {
    const old = byIdentity.get(identity(p.agencyId, p.record.meta.year, p.ctx.sourceUrl));
    const outcome: LoadOutcome = !old
      ? 'inserted'
      : old.content_hash === p.hash
        ? 'unchanged'
        : old.document_id === p.documentId
          ? 'replaced'
          : 'revised';
    return { p, old, outcome };
  });

  const revisedOld = plan.filter((x) => x.outcome === 'revised').map((x) => x.old!.id);
  if (revisedOld.length) {
    await tx.query('UPDATE reports SET is_current = false WHERE id = ANY($1::int[])', [revisedOld]);
  }
  const replaced = plan.filter((x) => x.outcome === 'replaced');
  if (replaced.length)
    await replaceReports(
      tx,
      replaced.map((x) => ({ id: x.old!.id, p: x.p })),
    );

  const fresh = plan.filter((x) => x.outcome === 'inserted' || x.outcome === 'revised');
  const ids = fresh.length
    ? (
        await tx.query<{ id: number }>(
          `SELECT nextval(pg_get_serial_sequence('reports', 'id'))::int AS id FROM generate_series(1, $1::int)`,
          [fresh.length],
        )
      ).map((r) => r.id)
    : [];
  const reportIds = new Map<Prepared, number>();
  for (const [i, x] of fresh.entries()) reportIds.set(x.p, ids[i]!);
  for (const x of plan)
    if (x.outcome === 'replaced' || x.outcome === 'unchanged') reportIds.set(x.p, x.old!.id);

  if (fresh.length) {
    await tx.copyIn(
      'reports',
      REPORT_COLUMNS,
      fresh.map((x) => reportLine(reportIds.get(x.p)!, x.p, x.old ? x.old.revision + 1 : 1)),
    );
  }
  const written = [...fresh, ...replaced];
  await copyCellsAndFindings(
    tx,
    written.map((x) => ({ id: reportIds.get(x.p)!, p: x.p })),
  );
  await tx.copyIn(
    'extraction_runs',
    ['report_id', 'document_id', 'extractor_version', 'outcome', 'content_hash', 'input_sha256', 'ran_at'],
    plan.map((x) =>
      copyLine([
        reportIds.get(x.p)!,
        x.p.documentId,
        x.p.ctx.extractorVersion,
        x.outcome,
        x.p.hash,
        x.p.documentSha256,
        x.p.extractedAt.toISOString(),
      ]),
    ),
  );
  return plan.map((x) => ({ reportId: reportIds.get(x.p)!, outcome: x.outcome }));
}
