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
  /** Agencies with a panel row that year. */
  agencies: int,
  /** Reports behind those rows (more than agencies when two reports claim one agency and year). */
  reports: int,
  received: num,
  granted: num,
  partially_granted: num,
  denied: num,
  unable: num,
  not_processed: num,
  other_handling: num,
  handled_total: num,
  /** Σ granted / Σ handled_total: the panel's grant_rate pooled over agencies. */
  grant_rate: num,
  /** Σ (granted + partially granted) / Σ handled_total. */
  grant_partial_rate: num,
  reviews_total: num,
  suits_total: num,
});
export type YearRow = z.infer<typeof YearRow>;

export const AgencyTotal = z.object({ agency_id: int, agency: z.string(), received: z.number() });
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

/**
 * Yearly totals are sums over the panel (`agency_year`: one row per agency and year, so a report
 * printed twice is not counted twice). The pooled rates are ratios of those sums, over the agencies
 * that state a handled total; each agency's own rate is the view's (agency-charts.ts).
 */
const YEAR_COLUMNS = `
  count(*)::int AS agencies,
  sum(reports_that_year)::int AS reports,
  sum(applications_received)::float8 AS received,
  sum(granted)::float8 AS granted,
  sum(partially_granted)::float8 AS partially_granted,
  sum(denied)::float8 AS denied,
  sum(unable)::float8 AS unable,
  sum(not_processed)::float8 AS not_processed,
  sum(other_handling)::float8 AS other_handling,
  sum(handled_total)::float8 AS handled_total,
  (sum(coalesce(granted, 0)) FILTER (WHERE handled_total IS NOT NULL)
     / nullif(sum(handled_total), 0))::float8 AS grant_rate,
  (sum(coalesce(granted, 0) + coalesce(partially_granted, 0)) FILTER (WHERE handled_total IS NOT NULL)
     / nullif(sum(handled_total), 0))::float8 AS grant_partial_rate,
  sum(reviews_total)::float8 AS reviews_total,
  sum(suits_total)::float8 AS suits_total`;

export async function readChartData(
  db: Queryable,
  opts: { agency?: string; top?: number } = {},
): Promise<ChartData> {
  const years = (
    await db.query(`SELECT year, ${YEAR_COLUMNS} FROM agency_year GROUP BY year ORDER BY year`)
  ).map((row) => YearRow.parse(row));
  const latestYear =
    [...years].reverse().find((y) => y.received !== null)?.year ?? years[years.length - 1]?.year ?? null;
  const topAgencies =
    latestYear === null
      ? []
      : (
          await db.query(
            `SELECT agency_id, agency, applications_received::float8 AS received FROM agency_year
             WHERE year = $1 AND applications_received IS NOT NULL
             ORDER BY received DESC, agency, agency_id LIMIT $2`,
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

/**
 * One agency's years. `--agency` is an agency_id (`12` or `#12`), an exact name, or a fragment of
 * exactly one agency's name; a name two agencies share (same name, different regions) is ambiguous.
 */
async function readAgency(db: Queryable, asked: string): Promise<{ name: string; years: YearRow[] }> {
  const name = asked.trim();
  if (!name) throw new ChartInputError('chart.agency', 'chart: --agency is empty');
  type Match = { agency_id: number; agency: string; region: string | null };
  const list = (where: string, param: unknown) =>
    db.query<Match>(
      `SELECT agency_id, agency, region FROM agency_list WHERE ${where} ORDER BY agency, agency_id LIMIT 11`,
      [param],
    );
  const id = /^#?(\d+)$/.exec(name)?.[1];
  let found = id ? await list('agency_id = $1', Number(id)) : await list('agency = $1', name);
  if (!found.length && !id) found = await list('strpos(agency, $1) > 0', name);
  if (found.length !== 1) {
    const shown = found
      .slice(0, 10)
      .map((r) => `${r.agency} #${r.agency_id}${r.region ? ` (${r.region})` : ''}`)
      .join(', ');
    throw new ChartInputError(
      'chart.agency',
      found.length
        ? `chart: --agency "${name}" matches ${found.length > 10 ? 'more than 10' : found.length} agencies: ${shown}; give the full name or the #id`
        : `chart: no agency ${id ? `#${id}` : `named "${name}"`} in the dataset (list them: xxgk sql "SELECT agency_id, agency, region FROM agency_list")`,
    );
  }
  const agency = found[0]!;
  const years = (
    await db.query(
      `SELECT year, ${YEAR_COLUMNS} FROM agency_year WHERE agency_id = $1 GROUP BY year ORDER BY year`,
      [agency.agency_id],
    )
  ).map((row) => YearRow.parse(row));
  return { name: agency.agency, years };
}
