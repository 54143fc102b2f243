/**
 * The local portal's content, as data, deterministic from the seed: agencies, their annual-report
 * columns, reports (by year, page or attachment, UTF-8 or GBK), non-report items, duplicates, and
 * which item carries which fault. Routes render from this; `truth` is derived from it.
 */
import { createHash } from 'node:crypto';
import { AGENCIES } from '../support/agencies.ts';

/**
 * `scan-*` (with `scans`): a scanned report — an image-only PDF attachment, .png pages linked from
 * the report page, or .jpg pages shown in it with <img> (pages/scans.ts).
 */
export type ReportKind = 'page' | 'docx' | 'pdf' | 'doc' | 'scan-pdf' | 'scan-images' | 'scan-page';
export const SCAN_KINDS = ['scan-pdf', 'scan-images', 'scan-page'] as const;
export type Encoding = 'utf-8' | 'gbk-header' | 'gbk-meta' | 'gbk-both' | 'gbk-wrong-header';
export type Fault = 'challenge' | 'slow' | 'burst' | 'truncated' | 'redirect-loop' | 'not-found' | 'robots';
export type ListKind = 'static' | 'trs' | 'json';

export interface SiteItem {
  id: string;
  title: string;
  date: string;
  /** Path of the detail page. */
  path: string;
  agency: string;
  listPath: string;
  isReport: boolean;
  year: number | null;
  kind: ReportKind;
  encoding: Encoding;
  fault: Fault | null;
  /** Seed of the generated report; seeds served from files have `seedFile` instead. */
  reportSeed: number | null;
  seedFile: string | null;
  /** Where the tables are: the page itself or the attachment. */
  documentPath: string;
}

export interface SiteList {
  kind: ListKind;
  agency: string;
  code: string;
  /** First page (list.shtml, index.html, or the JSON endpoint). */
  path: string;
  items: SiteItem[];
  /** Static lists are served in GBK now and then (declared in the header only). */
  gbk: boolean;
}

export interface SiteOptions {
  seed: number;
  agencies: number;
  years: number[];
  faults: boolean;
  /** Serve the five seed reports when their files are found. */
  seedFiles: string[];
  /** Years with a committed .doc fixture (pages/detail.ts); only reports of these years are served as .doc. */
  docYears: readonly number[];
  /** Some reports only as .docx/.pdf/.doc attachments (default); off: every report is a page (bench). */
  attachments: boolean;
  /** One more static list with three scanned reports (one of each SCAN_KINDS; slow to read: OCR). */
  scans?: boolean;
}

export const ROBOTS_DISALLOWED = '/jkqxxgk/private/';
export const PAGE_SIZE = 5;

export function hex32(...parts: Array<string | number>): string {
  return createHash('md5').update(parts.join(':')).digest('hex');
}

function hashInt(...parts: Array<string | number>): number {
  return createHash('md5').update(parts.join('|')).digest().readUInt32LE(0);
}

const ym = (date: string) => date.slice(0, 7).replace('-', '');

function publishDate(seed: number, agency: number, year: number): string {
  const day = 10 + (hashInt(seed, agency, year, 'day') % 18);
  return `${year + 1}-01-${String(day).padStart(2, '0')}`;
}

export class Site {
  readonly lists: SiteList[] = [];
  readonly byPath = new Map<string, SiteItem>();
  readonly attachments = new Map<string, SiteItem>();
  /** Scanned reports shown as page images: page path without `.shtml` → item (images are `<that>-N.ext`). */
  readonly scanPages = new Map<string, SiteItem>();
  readonly challengePrefixes: string[] = [];
  /** Paths (besides `burst` items) that answer 503 to their first requests. */
  readonly burstPaths = new Set<string>();
  private published = 0;

  constructor(readonly opts: SiteOptions) {
    const n = opts.agencies;
    for (let a = 0; a < n; a++) this.addAgencyList(a, 'static');
    // One JS-rendered list (TRS createPageHTML) and one JSON endpoint, each its own agency.
    this.addAgencyList(n, 'trs');
    this.addAgencyList(n + 1, 'json');
    if (opts.seedFiles.length > 0) this.addSeedList();
    if (opts.scans) this.addScanList(n + 2);
    if (opts.faults) this.addFaultItems();
    for (const l of this.lists) this.sortList(l);
  }

  agencyName(a: number): string {
    const base = AGENCIES[a % AGENCIES.length]!;
    return a < AGENCIES.length ? base : `${base}（第${Math.floor(a / AGENCIES.length) + 1}分局）`;
  }

  private addAgencyList(a: number, kind: ListKind): void {
    const code = `c${110055 + a}`;
    const agency = this.agencyName(a);
    const path =
      kind === 'static'
        ? `/jkqxxgk/${code}/list.shtml`
        : kind === 'trs'
          ? `/trs/${code}/index.html`
          : `/jcms/api/list?col=${code}`;
    const list: SiteList = { kind, agency, code, path, items: [], gbk: kind === 'static' && a % 4 === 3 };
    this.lists.push(list);
    for (const year of this.opts.years) this.makeReport(list, a, year);
    // Items that are not annual reports, one of them naming the report in its title.
    const y = this.opts.years[this.opts.years.length - 1] ?? 2023;
    this.makeItem(list, `${agency}${y + 1}年政务公开工作要点`, `${y + 1}-03-02`, false);
    this.makeItem(list, `关于做好${y}年度政府信息公开工作年度报告编制工作的通知`, `${y + 1}-01-05`, false);
  }

  private detailPath(list: SiteList, date: string, id: string): string {
    if (list.kind === 'trs')
      return `/trs/${list.code}/${ym(date)}/t${date.replaceAll('-', '')}_${id.slice(0, 8)}.html`;
    if (list.kind === 'json') return `/jcms/art/${date.slice(0, 4)}/art_${id}.html`;
    return `/jkqxxgk/${list.code}/${ym(date)}/${id}.shtml`;
  }

  makeItem(
    list: SiteList,
    title: string,
    date: string,
    isReport: boolean,
    extra: Partial<SiteItem> = {},
  ): SiteItem {
    const id = hex32(this.opts.seed, list.code, title, date);
    const path = extra.path ?? this.detailPath(list, date, id);
    const item: SiteItem = {
      id,
      title,
      date,
      path,
      agency: list.agency,
      listPath: list.path,
      isReport,
      year: null,
      kind: 'page',
      encoding: 'utf-8',
      fault: null,
      reportSeed: null,
      seedFile: null,
      documentPath: path,
      ...extra,
    };
    this.byPath.set(item.path, item);
    list.items.push(item);
    return item;
  }

  private makeReport(list: SiteList, a: number, year: number): SiteItem {
    const seed = this.opts.seed;
    const date = publishDate(seed, a, year);
    const h = hashInt(seed, a, year, 'kind');
    const kinds: ReportKind[] = [
      'docx',
      'pdf',
      ...(this.opts.docYears.includes(year) ? (['doc'] as const) : []),
    ];
    const kind: ReportKind =
      this.opts.attachments && list.kind === 'static' && h % 6 === 1
        ? kinds[(h >>> 4) % kinds.length]!
        : 'page';
    const encodings: Encoding[] = ['gbk-header', 'gbk-meta', 'gbk-both'];
    const encoding: Encoding =
      kind === 'page' && list.kind !== 'json' && h % 5 === 2 ? encodings[(h >>> 8) % 3]! : 'utf-8';
    const title = `${list.agency}${year}年政府信息公开工作年度报告`;
    const item = this.makeItem(list, title, date, true, {
      year,
      kind,
      encoding,
      reportSeed: hashInt(seed, a, year),
    });
    if (kind !== 'page') {
      item.documentPath = item.path.replace(
        /\/[^/]+$/,
        `/P0${date.replaceAll('-', '')}${item.id.slice(0, 6)}.${kind}`,
      );
      this.attachments.set(item.documentPath, item);
    }
    return item;
  }

  /** An agency whose three reports are scans, one of each kind. */
  private addScanList(a: number): void {
    const code = `c${110055 + a}`;
    const agency = this.agencyName(a);
    const list: SiteList = {
      kind: 'static',
      agency,
      code,
      path: `/jkqxxgk/${code}/list.shtml`,
      items: [],
      gbk: false,
    };
    this.lists.push(list);
    SCAN_KINDS.forEach((kind, i) => {
      const year = 2021 + i;
      const item = this.makeItem(
        list,
        `${agency}${year}年政府信息公开工作年度报告`,
        publishDate(this.opts.seed, a, year),
        true,
        {
          year,
          kind,
          reportSeed: hashInt(this.opts.seed, a, year, 'scan'),
        },
      );
      // The PDF is an attachment; page images are named after the page (pages/scans.ts).
      item.documentPath =
        kind === 'scan-pdf' ? item.path.replace(/\/[^/]+$/, `/P0${item.id.slice(0, 8)}.pdf`) : item.path;
      if (kind === 'scan-pdf') this.attachments.set(item.documentPath, item);
      else this.scanPages.set(item.path.replace(/\.shtml$/, ''), item);
    });
  }

  private addSeedList(): void {
    const list: SiteList = {
      kind: 'static',
      agency: '样本报告',
      code: 'c119999',
      path: '/jkqxxgk/c119999/list.shtml',
      items: [],
      gbk: false,
    };
    this.lists.push(list);
    this.opts.seedFiles.forEach((file, i) => {
      const meta = SEED_META[i];
      if (!meta) return;
      this.makeItem(list, `${meta.agency}${meta.year}年政府信息公开工作年度报告`, meta.date, true, {
        year: meta.year,
        seedFile: file,
      });
    });
  }

  /** Fault items are added deterministically to fixed lists so each test can find them. */
  private addFaultItems(): void {
    // Neither the seed list nor the scans carry faults: each has its own test.
    const scanLists = new Set([...this.scanPages.values()].map((i) => i.listPath));
    const statics = this.lists.filter(
      (l) =>
        l.kind === 'static' &&
        l.code !== 'c119999' &&
        !scanLists.has(l.path) &&
        !l.items.some((i) => i.kind === 'scan-pdf'),
    );
    const pick = (i: number) => statics[i % statics.length]!;
    const reportOf = (i: number, k: number) => {
      const reports = pick(i).items.filter((x) => x.isReport);
      return reports[k % reports.length]!;
    };
    // A whole agency (list and pages) behind the 412 JS challenge.
    for (const it of pick(1).items) it.fault = 'challenge';
    this.challengePrefixes.push(`/jkqxxgk/${pick(1).code}/`);
    // The second page of one list answers 503 (with Retry-After) at first.
    this.burstPaths.add(`/jkqxxgk/${pick(3).code}/list_1.shtml`);
    reportOf(2, 0).fault = 'slow';
    reportOf(2, 1).fault = 'burst';
    reportOf(3, 2).fault = 'truncated';
    const w = reportOf(3, 3);
    if (w.kind === 'page') w.encoding = 'gbk-wrong-header';
    else reportOf(3, 4).encoding = 'gbk-wrong-header';
    const broken = (i: number, fault: Fault, path?: string) =>
      this.makeItem(pick(i), `${pick(i).agency}2018年政府信息公开工作年度报告`, '2019-01-15', true, {
        year: 2018,
        fault,
        ...(path ? { path } : {}),
      });
    broken(4, 'redirect-loop');
    broken(5, 'not-found');
    broken(0, 'robots', `${ROBOTS_DISALLOWED}${hex32(this.opts.seed, 'robots')}.shtml`);
    // The same link twice in one list.
    const dupe = reportOf(0, 0);
    pick(0).items.push({ ...dupe });
  }

  private sortList(list: SiteList): void {
    list.items.sort((x, y) => (x.date < y.date ? 1 : x.date > y.date ? -1 : x.title.localeCompare(y.title)));
  }

  /** New reports on top of the first `n` static lists (for incremental crawls). */
  publish(n: number): SiteItem[] {
    const added: SiteItem[] = [];
    const statics = this.lists.filter((l) => l.kind === 'static');
    for (let i = 0; i < n; i++) {
      const list = statics[i % statics.length]!;
      this.published++;
      const year = 2024 + this.published;
      const title = `${list.agency}${year}年政府信息公开工作年度报告`;
      const item = this.makeItem(list, title, `${year + 1}-01-20`, true, {
        year,
        reportSeed: hashInt(this.opts.seed, 'pub', this.published),
      });
      added.push(item);
      this.sortList(list);
    }
    return added;
  }

  reports(): SiteItem[] {
    const seen = new Set<string>();
    return this.lists
      .flatMap((l) => l.items)
      .filter((i) => i.isReport && !seen.has(i.path) && seen.add(i.path));
  }
}

/** The five seeds (input-formats.md) with the agency, year and a plausible publication date. */
export const SEED_META = [
  { agency: '赣州经开区区市场监管分局', year: 2020, date: '2021-01-22' },
  { agency: '凉州区市场监督管理局', year: 2020, date: '2021-01-28' },
  { agency: '南通市海门区市场监督管理局', year: 2023, date: '2024-01-19' },
  { agency: '聊城市市场监督管理局', year: 2020, date: '2021-01-26' },
  { agency: '赣州经开区机关事务管理中心', year: 2021, date: '2022-01-24' },
];
