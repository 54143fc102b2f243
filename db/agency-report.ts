/** One agency as `xxgk agencies show` prints it: facts, names by year, reports, decisions. */
import type { Queryable } from './engine.ts';
import { DbInputError } from './errors.ts';
import { toTable } from './format.ts';

export async function showAgency(db: Queryable, id: number) {
  const agency = (
    await db.query<Record<string, unknown>>(
      `SELECT id AS agency_id, name AS agency, level, kind, region_code, region_name AS region, region_method,
              region_evidence, merged_into FROM agencies WHERE id = $1`,
      [id],
    )
  )[0];
  if (!agency) throw new DbInputError('agency.unknown', `agencies show: no agency ${id}`);
  const names = await db.query<Record<string, unknown>>(
    'SELECT name, first_year, last_year, reports::int AS reports FROM agency_names WHERE agency_id = $1 ORDER BY first_year NULLS LAST, name',
    [id],
  );
  const reports = await db.query<Record<string, unknown>>(
    `SELECT report_id, year, agency_as_printed, status, source_url FROM report_list WHERE agency_id = $1 ORDER BY year, report_id`,
    [id],
  );
  const decisions = await db.query<Record<string, unknown>>(
    `SELECT action, agency_id, other_agency_id, names, reason, decided_at::text AS decided_at, decision_id, reverted_by
     FROM agency_history WHERE $1 IN (agency_id, other_agency_id) ORDER BY decided_at`,
    [id],
  );
  const head = Object.entries(agency)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  const section = (title: string, rows: Record<string, unknown>[]) =>
    rows.length ? `\n${title}\n${toTable(Object.keys(rows[0]!), rows)}` : `\n${title}: none\n`;
  const text = `${head}\n${section('names', names)}${section('reports', reports)}${section('decisions', decisions)}`;
  return { agency, names, reports, decisions, text };
}
