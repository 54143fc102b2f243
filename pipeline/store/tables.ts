/**
 * The one table the pipeline owns: extraction results waiting for (or done with) their load.
 * The extract stage stores the record here and the load job carries only the row id, so job
 * payloads never hold a report body. db/'s extraction_runs needs a report id, which only exists
 * after the load, hence this small hand-off table (created idempotently next to db/'s migrations).
 */
import type { Queryable } from '../../db/engine.ts';

const DDL = `CREATE TABLE IF NOT EXISTS pipeline_extractions (
  id serial PRIMARY KEY,
  document_id integer NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  extractor_version text NOT NULL,
  record jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  loaded_at timestamptz
)`;

export async function ensurePipelineTables(db: Queryable): Promise<void> {
  try {
    await db.query(DDL);
  } catch (err) {
    // Two workers starting together may race on CREATE TABLE IF NOT EXISTS (duplicate pg_type): the other won.
    const rows = await db.query<{ n: string }>(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'pipeline_extractions' AND table_schema = current_schema()",
    );
    if (Number(rows[0]?.n ?? 0) === 0) throw err;
  }
}
