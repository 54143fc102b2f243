/**
 * pipeline_extractions: the hand-off from the pipeline's extract stage to its load stage. The record
 * is stored here and the load job carries the row id, so queue payloads never hold a report body.
 */
import type { Queryable } from './engine.ts';
import type { PipelineExtractionRow } from './schema.ts';

export type ExtractionInput = Pick<PipelineExtractionRow, 'documentId' | 'extractorVersion' | 'record'>;

export async function saveExtraction(db: Queryable, e: ExtractionInput): Promise<number> {
  const rows = await db.query<{ id: number }>(
    'INSERT INTO pipeline_extractions (document_id, extractor_version, record) VALUES ($1, $2, $3) RETURNING id',
    [e.documentId, e.extractorVersion, JSON.stringify(e.record)],
  );
  return rows[0]!.id;
}

/** The stored extraction, its record as stored (unvalidated JSON: the caller parses it). */
export async function getExtraction(
  db: Queryable,
  id: number,
): Promise<(Omit<ExtractionInput, 'record'> & { record: unknown }) | null> {
  const rows = await db.query<{ document_id: number; extractor_version: string; record: unknown }>(
    'SELECT document_id, extractor_version, record FROM pipeline_extractions WHERE id = $1',
    [id],
  );
  const r = rows[0];
  if (!r) return null;
  // node-postgres parses jsonb; a PGlite text round trip may not.
  const record = typeof r.record === 'string' ? JSON.parse(r.record) : r.record;
  return { documentId: r.document_id, extractorVersion: r.extractor_version, record };
}
