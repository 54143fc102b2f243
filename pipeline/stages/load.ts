/**
 * load: one stored extraction (pipeline_extractions) → the dataset, batched with other jobs' loads
 * and atomic per batch (db's loadReports keeps revisions and history). Only records that did not
 * load inside their extract job come this way (stages run by different processes, old jobs).
 */
import type { LoadPayload } from '../payloads.ts';
import type { StageDeps } from '../ports.ts';
import { loadExtracted } from './extract.ts';
import type { StageResult } from './result.ts';

export async function loadStage(p: LoadPayload, deps: StageDeps): Promise<StageResult> {
  const extraction = await deps.store.getExtraction(p.extractionId);
  const { reportId, outcome } = await loadExtracted(p, extraction.record, extraction.extractorVersion, deps);
  return { next: [], summary: { reportId, outcome } };
}
