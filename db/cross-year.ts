/**
 * Findings across years (report-schema.md: years.carry_over, years.stock, years.duplicate), computed
 * in SQL over current revisions (their key figures, see key-figures.ts) and stored in year_findings. Recomputed per agency, from scratch,
 * whenever one of its reports is loaded, so they never go stale.
 */
import type { Queryable } from './engine.ts';

const CURRENT = `cur AS (
  SELECT id, agency_id, year, carried_over, carried_forward,
    regulations_issued, regulations_repealed, regulations_in_force,
    normative_issued, normative_repealed, normative_in_force
  FROM reports
  WHERE is_current AND year IS NOT NULL AND agency_id = ANY($1::int[]))`;

const INSERT = `INSERT INTO year_findings (agency_id, report_id, year, code, severity, table_key, row_key, col_key, message)`;

/** requests: carried_forward (total) of year N = carried_over (total) of year N+1. */
const CARRY_OVER = `WITH ${CURRENT}
${INSERT}
SELECT b.agency_id, b.id, b.year, 'years.carry_over', 'warning', 'requests', 'carried_over', 'total',
  format('carried_over total of %s is %s, but carried_forward total of %s (report %s) is %s',
         b.year, b.carried_over, a.year, a.id, a.carried_forward)
FROM cur a JOIN cur b ON b.agency_id = a.agency_id AND b.year = a.year + 1
WHERE a.carried_forward IS NOT NULL AND b.carried_over IS NOT NULL AND a.carried_forward <> b.carried_over`;

/** active, 2021 template: in_force(N-1) + issued(N) - repealed(N) = in_force(N), for 规章 and 行政规范性文件. */
const STOCK = `WITH ${CURRENT},
pairs AS (
  SELECT a.year AS a_year, b.id AS b_id, b.year AS b_year, b.agency_id, k.*
  FROM cur a
  JOIN cur b ON b.agency_id = a.agency_id AND b.year = a.year + 1
  CROSS JOIN LATERAL (VALUES
    ('regulations', a.regulations_in_force, b.regulations_issued, b.regulations_repealed, b.regulations_in_force),
    ('normative_docs', a.normative_in_force, b.normative_issued, b.normative_repealed, b.normative_in_force)
  ) AS k(row_key, prev_in_force, issued, repealed, in_force))
${INSERT}
SELECT agency_id, b_id, b_year, 'years.stock', 'warning', 'active', row_key, 'in_force',
  format('%s: in_force %s of %s + issued %s - repealed %s = %s, but in_force of %s is %s',
         row_key, prev_in_force, a_year, issued, repealed, prev_in_force + issued - repealed, b_year, in_force)
FROM pairs
WHERE prev_in_force IS NOT NULL AND issued IS NOT NULL AND repealed IS NOT NULL AND in_force IS NOT NULL
  AND prev_in_force + issued - repealed <> in_force`;

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
