/**
 * The agency × year panel as the agency charts need it: `agency_list`, `agency_year` and
 * `agency_coverage` read as they are (every figure and rate is the view's: no formula here), then
 * agencies grouped by region (county level and above; a township or development zone joins its
 * county) and, inside a region, ordered by level, kind and name.
 */
import { z } from 'zod';
import type { Queryable } from '../index.ts';
import { DIVISION_LEVELS, divisions } from '../regions.ts';
import { ChartInputError } from './errors.ts';

const num = z.preprocess((v) => (v === null || v === undefined ? null : Number(v)), z.number().nullable());
const int = z.preprocess((v) => Number(v), z.number().int());
const text = z.string().nullable();

export const AgencyRow = z.object({
  agency_id: int,
  agency: z.string(),
  level: text,
  kind: text,
  region_code: text,
  region: text,
});
export type AgencyRow = z.infer<typeof AgencyRow>;

/** One `agency_year` row: the figures the agency charts draw. */
export const PanelRow = z.object({
  agency_id: int,
  year: int,
  report_id: int,
  status: z.string(),
  applications_received: num,
  handled_total: num,
  grant_rate: num,
  reviews_total: num,
  suits_total: num,
});
export type PanelRow = z.infer<typeof PanelRow>;

/** One `agency_coverage` row. */
export const CoverageRow = z.object({
  agency_id: int,
  year: int,
  published: z.boolean(),
  report_id: num,
  status: text,
  tables_read: int,
  findings: int,
  errors: int,
  reports: int,
});
export type CoverageRow = z.infer<typeof CoverageRow>;

/** The agency levels of `agency_list.level` (db/regions.ts). */
export const LEVELS = DIVISION_LEVELS;
export const LEVEL_LABELS: Record<string, string> = {
  province: '省级 (province)',
  city: '市级 (city)',
  county: '县级 (county)',
  township: '乡镇街道 (township)',
};

export interface PanelAgency extends AgencyRow {
  /** Row label: the name, with `#id` when another agency on the chart has the same name. */
  label: string;
  years: Map<number, PanelRow>;
  coverage: Map<number, CoverageRow>;
}

export interface RegionGroup {
  /** County-level (or higher) code, '' for agencies whose region is unknown. */
  code: string;
  title: string;
  agencies: PanelAgency[];
}

export interface Panel {
  /** Every year of the coverage grid, ascending. */
  years: number[];
  groups: RegionGroup[];
  /** What was asked for (`--region`, `--level`), for titles. */
  filter: string | null;
}

export interface PanelFilter {
  /** A GB/T 2260 code (360700: 赣州市 and everything in it) or part of a region's name. */
  region?: string;
  level?: string;
}

/** 360700 → "3607", 360000 → "36", 360702100 → "360702100": the prefix every code inside shares. */
export function codePrefix(code: string): string {
  // A township's 9 digits name one division: no trailing-zero levels to strip.
  if (code.length > 6) return code;
  let c = code;
  while (c.length > 2 && c.endsWith('00')) c = c.slice(0, -2);
  return c;
}

export async function readPanel(db: Queryable, filter: PanelFilter = {}): Promise<Panel> {
  const where: string[] = [];
  const params: unknown[] = [];
  const region = filter.region?.trim();
  if (filter.region !== undefined && !region)
    throw new ChartInputError('chart.region', 'chart: --region is empty');
  if (region) {
    params.push(/^\d{2,9}$/.test(region) ? `${codePrefix(region)}%` : `%${region}%`);
    where.push(
      /^\d{2,9}$/.test(region) ? `region_code LIKE $${params.length}` : `region LIKE $${params.length}`,
    );
  }
  if (filter.level !== undefined) {
    if (!(LEVELS as readonly string[]).includes(filter.level)) {
      throw new ChartInputError(
        'chart.level',
        `chart: --level must be one of ${LEVELS.join(', ')}, not "${filter.level}"`,
      );
    }
    params.push(filter.level);
    where.push(`level = $${params.length}`);
  }
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const agencies = (
    await db.query(
      `SELECT agency_id, agency, level, kind, region_code, region FROM agency_list ${cond} ORDER BY agency_id`,
      params,
    )
  ).map((r) => AgencyRow.parse(r));
  const ids = agencies.map((a) => a.agency_id);
  const panel = (
    await db.query(
      `SELECT agency_id, year, report_id, status, applications_received, handled_total, grant_rate,
              reviews_total, suits_total
       FROM agency_year WHERE agency_id = ANY($1::int[]) ORDER BY agency_id, year`,
      [ids],
    )
  ).map((r) => PanelRow.parse(r));
  const coverage = (
    await db.query(
      `SELECT agency_id, year, published, report_id, status, tables_read, findings, errors, reports
       FROM agency_coverage WHERE agency_id = ANY($1::int[]) ORDER BY agency_id, year`,
      [ids],
    )
  ).map((r) => CoverageRow.parse(r));
  const filterText = [region && `地区 ${region}`, filter.level && `层级 ${filter.level}`]
    .filter(Boolean)
    .join('，');
  return groupPanel(agencies, panel, coverage, filterText || null);
}

const levelRank = (l: string | null) => {
  const i = (LEVELS as readonly string[]).indexOf(l ?? '');
  return i < 0 ? LEVELS.length : i;
};

/** Pure: rows of the three views → agencies grouped by region, each with its years. */
export function groupPanel(
  agencies: AgencyRow[],
  panel: PanelRow[],
  coverage: CoverageRow[],
  filter: string | null = null,
): Panel {
  const byId = new Map<number, PanelAgency>();
  const names = new Map<string, number>();
  for (const a of agencies) names.set(a.agency, (names.get(a.agency) ?? 0) + 1);
  for (const a of agencies) {
    const label = (names.get(a.agency) ?? 0) > 1 ? `${a.agency} #${a.agency_id}` : a.agency;
    byId.set(a.agency_id, { ...a, label, years: new Map(), coverage: new Map() });
  }
  const years = new Set<number>();
  for (const r of panel) {
    byId.get(r.agency_id)?.years.set(r.year, r);
    years.add(r.year);
  }
  for (const r of coverage) {
    byId.get(r.agency_id)?.coverage.set(r.year, r);
    years.add(r.year);
  }
  const groups = new Map<string, RegionGroup>();
  for (const a of byId.values()) {
    const code = a.region_code ? a.region_code.slice(0, 6) : '';
    let g = groups.get(code);
    if (!g) {
      g = { code, title: code ? regionTitle(code, a) : '地区不明 (region unknown)', agencies: [] };
      groups.set(code, g);
    }
    g.agencies.push(a);
  }
  for (const g of groups.values()) {
    g.agencies.sort(
      (x, y) =>
        levelRank(x.level) - levelRank(y.level) ||
        (x.kind === 'government' ? 0 : 1) - (y.kind === 'government' ? 0 : 1) ||
        x.agency.localeCompare(y.agency, 'zh-CN') ||
        x.agency_id - y.agency_id,
    );
  }
  return {
    years: [...years].sort((a, b) => a - b),
    // Codes sort as the hierarchy reads: a city (360700) before its counties (360702, 360703).
    groups: [...groups.values()].sort((a, b) =>
      a.code === '' ? 1 : b.code === '' ? -1 : a.code.localeCompare(b.code),
    ),
    filter,
  };
}

function regionTitle(code: string, a: AgencyRow): string {
  // The agency's own region when it is the group's division; else the division's name from the
  // GB/T 2260 tables (a township's agency names its county's group).
  const name = a.region_code === code && a.region ? a.region : divisions().path(code) || a.region || code;
  return `${name} (${code})`;
}
