/**
 * The numbers behind the charts, read from the public views (current revisions only). Sums are
 * cast to float8/int in SQL so both engines return JS numbers; zod checks the shape anyway.
 */
import { z } from 'zod';
import type { Queryable } from '../index.ts';
import { ChartInputError } from './errors.ts';

const num = z.preprocess((v) => (v === null || v === undefined ? null : Number(v)), z.number().nullable());
const int = z.preprocess((v) => Number(v), z.number().int());
const year = z.preprocess(
  (v) => (v === null || v === undefined ? null : Number(v)),
  z.number().int().nullable(),
);

export const YearRow = z.object({
  year,
  agencies: int,
  reports: int,
  received: num,
  granted: num,
  partially_granted: num,
  denied: num,
  unable: num,
  not_processed: num,
  other_handling: num,
  handled_total: num,
  /** (granted + partially granted) over handled, for reports that state a handled total. */
  grant_rate: num,
  reviews_total: num,
  suits_total: num,
});
export type YearRow = z.infer<typeof YearRow>;

export const AgencyTotal = z.object({ agency: z.string(), received: z.number() });
export type AgencyTotal = z.infer<typeof AgencyTotal>;
export const FindingCount = z.object({ year, code: z.string(), reports: int });
export type FindingCount = z.infer<typeof FindingCount>;
export const YearCount = z.object({ year, reports: int });
export type YearCount = z.infer<typeof YearCount>;
export const StatusCount = z.object({ year, status: z.string(), reports: int });
export type StatusCount = z.infer<typeof StatusCount>;

export interface ChartData {
  years: YearRow[];
  /** Agencies by applications received in `latestYear`, largest first. */
  topAgencies: AgencyTotal[];
  latestYear: number | null;
  findings: FindingCount[];
  /** Reports with at least one finding, per year. */
  reportsWithFindings: YearCount[];
  statuses: StatusCount[];
  /** Present when an agency was asked for: its own rows, one per year. */
  agency?: { name: string; years: YearRow[] };
}

const YEAR_COLUMNS = `
  count(DISTINCT agency)::int AS agencies,
  count(*)::int AS reports,
  sum(applications_received)::float8 AS received,
  sum(granted)::float8 AS granted,
  sum(partially_granted)::float8 AS partially_granted,
  sum(denied)::float8 AS denied,
  sum(unable)::float8 AS unable,
  sum(not_processed)::float8 AS not_processed,
  sum(other_handling)::float8 AS other_handling,
  sum(handled_total)::float8 AS handled_total,
  (sum(coalesce(granted, 0) + coalesce(partially_granted, 0)) FILTER (WHERE handled_total IS NOT NULL)
     / nullif(sum(handled_total), 0))::float8 AS grant_rate,
  sum(reviews_total)::float8 AS reviews_total,
  sum(suits_total)::float8 AS suits_total`;

export async function readChartData(
  db: Queryable,
  opts: { agency?: string; top?: number } = {},
): Promise<ChartData> {
  await requireViews(db, ['report_summary', 'report_list', 'report_findings']);
  const years = (
    await db.query(
      `SELECT year, ${YEAR_COLUMNS} FROM report_summary WHERE year IS NOT NULL GROUP BY year ORDER BY year`,
    )
  ).map((row) => YearRow.parse(row));
  const latestYear =
    [...years].reverse().find((y) => y.received !== null)?.year ?? years[years.length - 1]?.year ?? null;
  const topAgencies =
    latestYear === null
      ? []
      : (
          await db.query(
            `SELECT agency, sum(applications_received)::float8 AS received FROM report_summary
             WHERE year = $1 AND agency IS NOT NULL AND applications_received IS NOT NULL
             GROUP BY agency ORDER BY received DESC, agency LIMIT $2`,
            [latestYear, opts.top ?? 15],
          )
        ).map((row) => AgencyTotal.parse(row));
  // "How many reports don't add up": reports per year and finding code, not findings.
  const findings = (
    await db.query(
      `SELECT year, code, count(DISTINCT report_id)::int AS reports FROM report_findings
       GROUP BY year, code ORDER BY year NULLS LAST, code`,
    )
  ).map((row) => FindingCount.parse(row));
  const reportsWithFindings = (
    await db.query(
      `SELECT year, count(DISTINCT report_id)::int AS reports FROM report_findings GROUP BY year ORDER BY year NULLS LAST`,
    )
  ).map((row) => YearCount.parse(row));
  const statuses = (
    await db.query(
      `SELECT year, status, count(*)::int AS reports FROM report_list GROUP BY year, status ORDER BY year NULLS LAST, status`,
    )
  ).map((row) => StatusCount.parse(row));
  const data: ChartData = { years, topAgencies, latestYear, findings, reportsWithFindings, statuses };
  if (opts.agency !== undefined) data.agency = await readAgency(db, opts.agency);
  return data;
}

/** A database that was never migrated has no views: say so rather than "relation does not exist". */
export async function requireViews(db: Queryable, views: string[]): Promise<void> {
  const rows = await db.query<{ view: string; found: boolean }>(
    'SELECT v AS view, to_regclass(v) IS NOT NULL AS found FROM unnest($1::text[]) AS v',
    [views],
  );
  const missing = rows.filter((r) => !r.found).map((r) => r.view);
  if (missing.length) {
    throw new ChartInputError(
      'chart.no_dataset',
      `chart: the database has no ${missing.join(', ')} view${missing.length > 1 ? 's' : ''}: it holds no dataset yet ` +
        '(load one with `xxgk demo`, `xxgk crawl` or `xxgk load`, or create the schema with `xxgk db migrate`)',
    );
  }
}

/** One agency's years; the name must match exactly, or be a fragment of exactly one agency. */
async function readAgency(db: Queryable, asked: string): Promise<{ name: string; years: YearRow[] }> {
  const name = asked.trim();
  if (!name) throw new ChartInputError('chart.agency', 'chart: --agency is empty');
  const exact = await db.query<{ agency: string }>(
    'SELECT DISTINCT agency FROM report_summary WHERE agency = $1',
    [name],
  );
  let agency = exact[0]?.agency;
  if (!agency) {
    const like = await db.query<{ agency: string }>(
      `SELECT DISTINCT agency FROM report_summary WHERE strpos(agency, $1) > 0 ORDER BY agency LIMIT 11`,
      [name],
    );
    if (like.length !== 1) {
      throw new ChartInputError(
        'chart.agency',
        like.length
          ? `chart: --agency "${name}" matches ${like.length > 10 ? 'more than 10' : like.length} agencies: ${like
              .slice(0, 10)
              .map((r) => r.agency)
              .join(', ')}; give the full name`
          : `chart: no agency named "${name}" in the dataset (list them: xxgk sql "SELECT DISTINCT agency FROM report_list")`,
      );
    }
    agency = like[0]!.agency;
  }
  const years = (
    await db.query(
      `SELECT year, ${YEAR_COLUMNS} FROM report_summary WHERE agency = $1 AND year IS NOT NULL GROUP BY year ORDER BY year`,
      [agency],
    )
  ).map((row) => YearRow.parse(row));
  return { name: agency, years };
}
