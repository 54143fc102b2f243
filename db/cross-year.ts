/**
 * Findings across years (report-schema.md: years.carry_over, years.stock, years.duplicate), computed
 * in SQL over current revisions and stored in year_findings. Recomputed per agency, from scratch,
 * whenever one of its reports is loaded, so they never go stale.
 */
import type { Queryable } from './engine.ts';

const CURRENT = `cur AS (
  SELECT id, agency_id, year, template_active FROM reports
  WHERE is_current AND year IS NOT NULL AND agency_id = ANY($1::int[]))`;

const INSERT = `INSERT INTO year_findings (agency_id, report_id, year, code, severity, table_key, row_key, col_key, message)`;

/** requests: carried_forward (total) of year N = carried_over (total) of year N+1. */
const CARRY_OVER = `WITH ${CURRENT},
tot AS (
  SELECT c.report_id, c.row_key, c.value FROM cells c JOIN cur ON cur.id = c.report_id
  WHERE c.table_key = 'requests' AND c.col_key = 'total' AND c.row_key IN ('carried_over', 'carried_forward'))
${INSERT}
SELECT b.agency_id, b.id, b.year, 'years.carry_over', 'warning', 'requests', 'carried_over', 'total',
  format('carried_over total of %s is %s, but carried_forward total of %s (report %s) is %s',
         b.year, ob.value, a.year, a.id, fa.value)
FROM cur a
JOIN cur b ON b.agency_id = a.agency_id AND b.year = a.year + 1
JOIN tot fa ON fa.report_id = a.id AND fa.row_key = 'carried_forward'
JOIN tot ob ON ob.report_id = b.id AND ob.row_key = 'carried_over'
WHERE fa.value IS NOT NULL AND ob.value IS NOT NULL AND fa.value <> ob.value`;

/** active, 2021 template: in_force(N-1) + issued(N) - repealed(N) = in_force(N). */
const STOCK = `WITH ${CURRENT},
act AS (
  SELECT c.report_id, c.row_key,
    max(c.value) FILTER (WHERE c.col_key = 'issued') AS issued,
    max(c.value) FILTER (WHERE c.col_key = 'repealed') AS repealed,
    max(c.value) FILTER (WHERE c.col_key = 'in_force') AS in_force
  FROM cells c JOIN cur ON cur.id = c.report_id AND cur.template_active = '2021'
  WHERE c.table_key = 'active' AND c.row_key IN ('regulations', 'normative_docs')
  GROUP BY c.report_id, c.row_key)
${INSERT}
SELECT b.agency_id, b.id, b.year, 'years.stock', 'warning', 'active', pb.row_key, 'in_force',
  format('%s: in_force %s of %s + issued %s - repealed %s = %s, but in_force of %s is %s',
         pb.row_key, pa.in_force, a.year, pb.issued, pb.repealed,
         pa.in_force + pb.issued - pb.repealed, b.year, pb.in_force)
FROM cur a
JOIN cur b ON b.agency_id = a.agency_id AND b.year = a.year + 1
JOIN act pa ON pa.report_id = a.id
JOIN act pb ON pb.report_id = b.id AND pb.row_key = pa.row_key
WHERE pa.in_force IS NOT NULL AND pb.issued IS NOT NULL AND pb.repealed IS NOT NULL AND pb.in_force IS NOT NULL
  AND pa.in_force + pb.issued - pb.repealed <> pb.in_force`;

/** Two different current reports claiming one agency and year. */
const DUPLICATE = `WITH ${CURRENT},
d AS (
  SELECT id, agency_id, year,
    count(*) OVER (PARTITION BY agency_id, year) AS n,
    string_agg(id::text, ', ') OVER (PARTITION BY agency_id, year) AS ids
  FROM cur)
${INSERT}
SELECT agency_id, id, year, 'years.duplicate', 'warning', NULL, NULL, NULL,
  format('%s current reports claim this agency and year %s (reports %s)', n, year, ids)
FROM d WHERE n > 1`;

export async function recomputeYearFindings(db: Queryable, agencyIds: number[]): Promise<void> {
  const ids = [...new Set(agencyIds)];
  if (ids.length === 0) return;
  await db.query('DELETE FROM year_findings WHERE agency_id = ANY($1::int[])', [ids]);
  for (const stmt of [CARRY_OVER, STOCK, DUPLICATE]) await db.query(stmt, [ids]);
}
