/** What the portal serves, as a checklist: every annual report with its URL, kind and true cells. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Cell } from '../../extractors/record.ts';
import { expectedCells } from '../support/generate.ts';
import { docFixtureCells, reportOf } from './pages/detail.ts';
import type { Encoding, Fault, ListKind, ReportKind, Site, SiteItem } from './site.ts';

export interface TruthReport {
  /** Detail page URL, as listed. */
  url: string;
  /** Where the tables are: the page itself or its attachment. */
  documentUrl: string;
  title: string;
  agency: string;
  year: number | null;
  date: string;
  listUrl: string;
  kind: ReportKind;
  encoding: Encoding;
  fault: Fault | null;
  /** What a correct crawler ends with: the document stored, or this failure code. */
  expect: 'stored' | 'fetch.redirect_loop' | 'fetch.http_404' | 'fetch.robots_disallowed';
  /** The true cells; null for a seed without a golden record and for pages that cannot be fetched. */
  cells: Cell[] | null;
}

export interface PortalTruth {
  reports: TruthReport[];
  nonReports: Array<{ url: string; title: string }>;
  lists: Array<{ url: string; kind: ListKind; agency: string; gbk: boolean }>;
  /** URLs listed more than once. */
  duplicates: string[];
  robotsDisallowedPrefix: string;
}

const EXPECT: Partial<Record<Fault, TruthReport['expect']>> = {
  'redirect-loop': 'fetch.redirect_loop',
  'not-found': 'fetch.http_404',
  robots: 'fetch.robots_disallowed',
};

const GOLDEN_DIR = join(import.meta.dirname, '../unit/extractors/golden');

function goldenCells(seedFile: string): Cell[] | null {
  if (!existsSync(GOLDEN_DIR)) return null;
  for (const f of readdirSync(GOLDEN_DIR).filter((n) => n.endsWith('.expected.json'))) {
    const g = JSON.parse(readFileSync(join(GOLDEN_DIR, f), 'utf8')) as { seed?: string; cells?: Cell[] };
    if (g.seed === basename(seedFile)) return g.cells ?? null;
  }
  return null;
}

function cellsOf(item: SiteItem): Cell[] | null {
  if (item.seedFile) return goldenCells(item.seedFile);
  if (item.fault && EXPECT[item.fault]) return null;
  if (item.kind === 'doc') return docFixtureCells(item);
  return expectedCells(reportOf(item));
}

export function buildTruth(
  site: Site,
  baseUrl: string,
  robotsPrefix: string,
  opts: { cells?: boolean } = {},
): PortalTruth {
  const abs = (p: string) => new URL(p, baseUrl).toString();
  const all = site.lists.flatMap((l) => l.items);
  const counts = new Map<string, number>();
  for (const i of all) counts.set(i.path, (counts.get(i.path) ?? 0) + 1);
  return {
    reports: site.reports().map((i) => ({
      url: abs(i.path),
      documentUrl: abs(i.documentPath),
      title: i.title,
      agency: i.agency,
      year: i.year,
      date: i.date,
      listUrl: abs(i.listPath),
      kind: i.kind,
      encoding: i.encoding,
      fault: i.fault,
      expect: (i.fault && EXPECT[i.fault]) || 'stored',
      cells: opts.cells === false ? null : cellsOf(i),
    })),
    nonReports: all.filter((i) => !i.isReport).map((i) => ({ url: abs(i.path), title: i.title })),
    lists: site.lists.map((l) => ({ url: abs(l.path), kind: l.kind, agency: l.agency, gbk: l.gbk })),
    duplicates: [...counts].filter(([, n]) => n > 1).map(([p]) => abs(p)),
    robotsDisallowedPrefix: robotsPrefix,
  };
}
