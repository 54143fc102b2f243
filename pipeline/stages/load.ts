/** load: one stored extraction → the dataset, atomically (db's loadReport keeps revisions and history). */
import type { LoadPayload } from '../payloads.ts';
import type { StageDeps } from '../ports.ts';
import type { StageResult } from './result.ts';

export async function loadStage(p: LoadPayload, deps: StageDeps): Promise<StageResult> {
  const extraction = await deps.store.getExtraction(p.extractionId);
  const { reportId, outcome } = await deps.store.loadReport(extraction.record, {
    documentId: p.documentId,
    sourceUrl: p.url,
    sourceName: p.source,
    region: null,
    extractorVersion: extraction.extractorVersion,
  });
  await deps.store.clearExtractionFailures(p.documentId);
  await deps.store.bumpRun(p.runId, 'loaded');
  return { next: [], summary: { reportId, outcome } };
}
