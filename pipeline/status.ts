/**
 * What `xxgk status` and `xxgk demo` report: per source the last crawl and its outcome and refs per
 * state, the queues' counts per stage and status, the failed documents with their reasons, and the
 * dataset's totals. Plain data; the commands format it.
 */
import type { Database } from '../db/index.ts';
import { datasetCounts, listExtractionFailures, listFetchFailures } from '../db/index.ts';
import type { Stage } from './payloads.ts';
import type { JobQueue, StageCounts } from './queue/types.ts';
import { lastRuns, type RunRow } from './runs.ts';

export interface Failure {
  stage: 'fetch' | 'extract';
  url: string;
  documentId: number | null;
  code: string;
  reason: string;
  attempts: number;
}

export interface SourceStatus {
  source: string;
  lastRun: Omit<RunRow, 'source'> | null;
  refs: Record<string, number>;
}

export interface StatusReport {
  sources: SourceStatus[];
  stages: Record<Stage, StageCounts> | null;
  failures: Failure[];
  documents: number;
  reports: number;
  cells: number;
  findings: number;
  failed: number;
}

export async function collectStatus(db: Database, queue: JobQueue | null): Promise<StatusReport> {
  const runs = await lastRuns(db);
  const refRows = await db.query<{ source: string; state: string; n: number }>(
    `SELECT s.name AS source, r.state, count(*)::int AS n
     FROM document_refs r JOIN sources s ON s.id = r.source_id GROUP BY s.name, r.state`,
  );
  const names = new Set([...runs.map((r) => r.source ?? '?'), ...refRows.map((r) => r.source)]);
  const sources: SourceStatus[] = [...names].sort().map((source) => {
    const run = runs.find((r) => (r.source ?? '?') === source);
    const refs: Record<string, number> = {};
    for (const r of refRows.filter((x) => x.source === source)) refs[r.state] = Number(r.n);
    const { source: _s, ...lastRun } = run ?? ({} as RunRow);
    return { source, lastRun: run ? lastRun : null, refs };
  });
  const failures: Failure[] = [
    ...(await listFetchFailures(db)).map((f) => ({
      stage: 'fetch' as const,
      url: f.url,
      documentId: null,
      code: f.code,
      reason: f.reason,
      attempts: Number(f.attempts),
    })),
    ...(await listExtractionFailures(db)).map((f) => ({
      stage: 'extract' as const,
      url: f.url,
      documentId: Number(f.document_id),
      code: f.code,
      reason: f.message,
      attempts: Number(f.attempts),
    })),
  ];
  const counts = await datasetCounts(db);
  return {
    sources,
    stages: queue ? await queue.counts() : null,
    failures,
    documents: Number(counts.documents),
    reports: Number(counts.reports),
    cells: Number(counts.cells),
    findings: Number(counts.findings),
    failed: failures.length,
  };
}

export function formatStatus(s: StatusReport): string {
  const lines: string[] = [];
  lines.push('sources');
  for (const src of s.sources) {
    const r = src.lastRun;
    const run = r
      ? `last crawl #${r.id} ${r.mode} ${r.status} ${iso(r.started_at)} → ${r.finished_at ? iso(r.finished_at) : '…'} ` +
        `(discovered ${r.discovered}, fetched ${r.fetched}, extracted ${r.extracted}, loaded ${r.loaded}, failed ${r.failed})` +
        (r.error ? ` — ${r.error}` : '')
      : 'never crawled';
    const refs =
      Object.entries(src.refs)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'no refs';
    lines.push(`  ${src.source}: ${run}`, `    refs: ${refs}`);
  }
  if (s.stages) {
    lines.push('queues (waiting / active / delayed / completed / failed)');
    for (const [stage, c] of Object.entries(s.stages)) {
      lines.push(
        `  ${stage.padEnd(9)} ${c.waiting} / ${c.active} / ${c.delayed} / ${c.completed} / ${c.failed}`,
      );
    }
  }
  lines.push(
    `dataset: ${s.documents} documents, ${s.reports} reports, ${s.cells} cells, ${s.findings} findings`,
  );
  lines.push(`failed documents: ${s.failed}`);
  for (const f of s.failures) {
    lines.push(
      `  [${f.stage}] ${f.url}${f.documentId ? ` (document ${f.documentId})` : ''}: ${f.code} — ${f.reason} (attempts ${f.attempts})`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function iso(d: Date | string): string {
  return new Date(d).toISOString().replace('.000Z', 'Z');
}
