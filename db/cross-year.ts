/**
 * Findings across years (report-schema.md: years.carry_over, years.stock, years.duplicate), computed
 * in SQL over current revisions (their key figures, see key-figures.ts) and stored in year_findings. Recomputed per agency, from scratch,
 * whenever one of its reports is loaded, so they never go stale.
 */
import type { Queryable } from './engine.ts';

/**
 * One statement for all three checks, so the agencies' current reports are read once. The agency
 * ids drive an index lookup per agency (LATERAL) rather than `= ANY($1)`: during a bulk load the
 * planner's statistics still think reports is small, so it would seq-scan the whole table each time
 * (OFFSET 0 keeps the subquery from being flattened back into that hash join).
 */
const RECOMPUTE = `WITH cur AS MATERIALIZED (
  SELECT r.id, r.agency_id, r.year, r.carried_over, r.carried_forward,
    r.regulations_issued, r.regulations_repealed, r.regulations_in_force,
    r.normative_issued, r.normative_repealed, r.normative_in_force
  FROM unnest($1::int[]) AS k(agency_id)
  CROSS JOIN LATERAL (SELECT * FROM reports WHERE agency_id = k.agency_id AND is_current AND year IS NOT NULL OFFSET 0) r),
pairs AS (
  SELECT a.id AS a_id, a.year AS a_year, a.carried_forward AS a_carried_forward,
    a.regulations_in_force AS a_regulations_in_force, a.normative_in_force AS a_normative_in_force, b.*
  FROM cur a JOIN cur b ON b.agency_id = a.agency_id AND b.year = a.year + 1),
-- requests: carried_forward (total) of year N = carried_over (total) of year N+1.
carry_over AS (
  SELECT agency_id, id, year, 'years.carry_over' AS code, 'requests' AS table_key, 'carried_over' AS row_key,
    'total' AS col_key,
    format('carried_over total of %s is %s, but carried_forward total of %s (report %s) is %s',
           year, carried_over, a_year, a_id, a_carried_forward) AS message
  FROM pairs
  WHERE a_carried_forward IS NOT NULL AND carried_over IS NOT NULL AND a_carried_forward <> carried_over),
-- active, 2021 template: in_force(N-1) + issued(N) - repealed(N) = in_force(N), for 规章 and 行政规范性文件.
stock AS (
  SELECT agency_id, id, year, 'years.stock', 'active', k.row_key, 'in_force',
    format('%s: in_force %s of %s + issued %s - repealed %s = %s, but in_force of %s is %s',
           k.row_key, k.prev_in_force, a_year, k.issued, k.repealed,
           k.prev_in_force + k.issued - k.repealed, year, k.in_force)
  FROM pairs
  CROSS JOIN LATERAL (VALUES
    ('regulations', a_regulations_in_force, regulations_issued, regulations_repealed, regulations_in_force),
    ('normative_docs', a_normative_in_force, normative_issued, normative_repealed, normative_in_force)
  ) AS k(row_key, prev_in_force, issued, repealed, in_force)
  WHERE k.prev_in_force IS NOT NULL AND k.issued IS NOT NULL AND k.repealed IS NOT NULL
    AND k.in_force IS NOT NULL AND k.prev_in_force + k.issued - k.repealed <> k.in_force),
-- Two different current reports claiming one agency and year.
claims AS (
  SELECT id, agency_id, year,
    count(*) OVER (PARTITION BY agency_id, year) AS n,
    string_agg(id::text, ', ') OVER (PARTITION BY agency_id, year) AS ids
  FROM cur),
duplicate AS (
  SELECT agency_id, id, year, 'years.duplicate', NULL, NULL, NULL,
    format('%s current reports claim this agency and year %s (reports %s)', n, year, ids)
  FROM claims WHERE n > 1)
INSERT INTO year_findings (agency_id, report_id, year, code, table_key, row_key, col_key, message, severity)
SELECT *, 'warning' FROM (
  SELECT * FROM carry_over UNION ALL SELECT * FROM stock UNION ALL SELECT * FROM duplicate) f`;

export async function recomputeYearFindings(db: Queryable, agencyIds: number[]): Promise<void> {
  const ids = [...new Set(agencyIds)];
  if (ids.length === 0) return;
  await db.query(
    'DELETE FROM year_findings y USING unnest($1::int[]) AS k(agency_id) WHERE y.agency_id = k.agency_id',
    [ids],
  );
  await db.query(RECOMPUTE, [ids]);
}
