/**
 * One imitation site of a CMS family, as data, deterministic from (seed, variant): one 年度报告 column
 * of annual reports (pages, .docx and .doc attachments) mixed with documents that merely look like
 * one, a few other columns for the home page, and the faults its items carry. Family modules render
 * it in their own markup; `truth()` is derived from it.
 */
import { createHash } from 'node:crypto';
import * as OpenCC from 'opencc-js/cn2t';
import { AGENCIES } from '../../support/agencies.ts';
import { mulberry32, type Rng } from '../../support/prng.ts';

export type ItemKind = 'page' | 'docx' | 'doc';
/** How a download names its type: in the URL, in Content-Disposition (UTF-8 or GBK bytes), or only by its bytes. */
export type TypeHint = 'url' | 'disposition' | 'disposition-gbk' | 'bytes';
export type ItemFault = 'not-found' | 'burst' | 'truncated' | 'slow';

export interface FamilyItem {
  /** Sequence number, unique in the site (article ids, file names). */
  n: number;
  id: string;
  title: string;
  /** YYYY-MM-DD */
  date: string;
  agency: string;
  isReport: boolean;
  year: number | null;
  kind: ItemKind;
  typeHint: TypeHint;
  fault: ItemFault | null;
  reportSeed: number;
  /** Set by the family: where the detail page and the attachment live. */
  detailPath: string;
  attachmentPath: string | null;
}

export interface FamilySiteOptions {
  seed: number;
  variant: number;
  faults: boolean;
  /** The site's 繁體 version: every title and agency name in traditional characters. */
  traditional?: boolean;
}

export function hashInt(...parts: Array<string | number>): number {
  return createHash('md5').update(parts.join('|')).digest().readUInt32LE(0);
}

/** The wordings portals print a report's title in (each kept by the default title filter). */
const REPORT_TITLES = [
  (a: string, y: number) => `${a}${y}年政府信息公开工作年度报告`,
  (a: string, y: number) => `${y}年${a}政府信息公开工作年度报告`,
  (a: string, y: number) => `${a}${y}年度政府信息公开年报`,
  (a: string, y: number) => `${y}年度政府信息公开工作年度报告（${a}）`,
  (a: string, y: number) => `${a}关于${y}年度政府信息公开工作的年度报告`,
  (a: string, y: number) => `${a}政府信息公开年度报告（${y}年）`,
  // The regulation's first years called it a 工作报告.
  (a: string, y: number) =>
    y <= 2013 ? `${a}${y}年政府信息公开工作报告` : `${a}${y}年度政务公开工作年度报告`,
  (a: string, y: number) => `【${a}】${y}年政府信息公开工作年度报告`,
];

/** Documents that merely resemble an annual report, as they sit in the same columns. */
const LOOKALIKE_TITLES = [
  (a: string, y: number) => `${a}${y}年法治政府建设年度报告`,
  (_a: string, y: number) => `关于做好${y}年度政府信息公开工作年度报告编制工作的通知`,
  (a: string, y: number) => `${a}${y + 1}年政务公开工作要点`,
  (a: string, _y: number) => `${a}政府信息公开指南`,
  (a: string, y: number) => `${a}${y}年政务公开工作实施方案`,
  (_a: string, y: number) => `图解：${y}年度政府信息公开工作年度报告`,
  (_a: string, y: number) => `关于开展${y}年度企业年度报告公示工作的通知`,
  (a: string, y: number) => `${a}${y}年度部门决算公开`,
  (a: string, y: number) => `${a}${y}年政府网站工作年度报表`,
  (a: string, y: number) => `${a}${y}年度政府信息公开工作年度报表`,
  (a: string, y: number) => `${a}${y + 1}年政府信息公开工作年度计划`,
  (a: string, y: number) => `${a}${y}年政府信息公开工作年度报告解读`,
  (a: string, y: number) => `${a}${y + 1}年政府信息公开工作要点`,
];

/** Titles of the site's other columns (news, notices): never reports. */
export const NEWS_TITLES = [
  '我区召开2024年度政务公开工作推进会',
  '区政府召开第12次常务会议',
  '关于公开征求《区优化营商环境若干措施》意见的公告',
  '2024年第一季度区级财政预算执行情况',
  '区领导督导检查安全生产工作',
];

const pad = (n: number) => String(n).padStart(2, '0');

export class FamilySite {
  readonly rng: Rng;
  /** The 年度报告 column, newest first. */
  readonly items: FamilyItem[] = [];
  readonly agencies: string[];
  /** Items per list page. */
  readonly pageSize: number;
  /** Name of the site (its 单位 / government). */
  readonly siteName: string;

  constructor(
    readonly family: string,
    readonly opts: FamilySiteOptions,
  ) {
    this.rng = mulberry32(hashInt(family, opts.seed, opts.variant));
    const rng = this.rng;
    const first = rng.int(0, AGENCIES.length - 1);
    this.agencies = Array.from(
      { length: rng.int(2, 4) },
      (_, i) => AGENCIES[(first + i * 7) % AGENCIES.length]!,
    );
    this.siteName = `${['东湖', '西山', '南城', '北港', '青川', '云岭'][rng.int(0, 5)]}区人民政府`;
    this.pageSize = rng.pick([5, 6, 8, 10]);
    const reports = rng.int(9, 15);
    const lookalikes = rng.int(5, 9);
    let n = 0;
    const seen = new Set<string>();
    const add = (title: string, date: string, isReport: boolean, agency: string, year: number | null) => {
      if (seen.has(title)) return;
      seen.add(title);
      const i = n++;
      const h = hashInt(family, opts.seed, opts.variant, title);
      const docYear = year !== null && year >= 2019 && year <= 2024;
      const roll = h % 10;
      const kind: ItemKind = !isReport ? 'page' : roll < 3 ? 'docx' : roll < 4 && docYear ? 'doc' : 'page';
      this.items.push({
        n: i,
        id: createHash('md5').update(`${family}:${opts.seed}:${opts.variant}:${title}`).digest('hex'),
        title,
        date,
        agency,
        isReport,
        year,
        kind,
        typeHint: 'url',
        fault: null,
        reportSeed: h,
        detailPath: '',
        attachmentPath: null,
      });
    };
    for (let k = 0; k < reports * 3 && this.items.length < reports; k++) {
      const agency = rng.pick(this.agencies);
      const year = rng.int(2008, 2024);
      const title = rng.pick(REPORT_TITLES)(agency, year);
      add(title, `${year + 1}-${pad(1 + (k % 2))}-${pad(rng.int(8, 28))}`, true, agency, year);
    }
    for (let k = 0; k < lookalikes * 3 && this.items.length < reports + lookalikes; k++) {
      const agency = rng.pick(this.agencies);
      const year = rng.int(2016, 2024);
      add(
        rng.pick(LOOKALIKE_TITLES)(agency, year),
        `${year + 1}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`,
        false,
        agency,
        null,
      );
    }
    if (opts.traditional) {
      const toTraditional = OpenCC.Converter({ from: 'cn', to: 't' });
      for (const it of this.items) {
        it.title = toTraditional(it.title);
        it.agency = toTraditional(it.agency);
      }
    }
    this.items.sort((x, y) => (x.date < y.date ? 1 : x.date > y.date ? -1 : x.n - y.n));
    // Every download type hint appears; the family decides which it can serve.
    const hints: TypeHint[] = ['url', 'disposition', 'disposition-gbk', 'bytes'];
    this.attachments().forEach((it, i) => {
      it.typeHint = hints[(i + opts.variant) % hints.length]!;
    });
    if (opts.faults) this.addFaults();
  }

  reports(): FamilyItem[] {
    return this.items.filter((i) => i.isReport);
  }

  attachments(): FamilyItem[] {
    return this.items.filter((i) => i.kind !== 'page');
  }

  private addFaults(): void {
    const pages = this.reports().filter((r) => r.kind === 'page');
    const pick = (k: number) => pages[(k * 3 + this.opts.variant) % pages.length]!;
    // Never the newest report: a probe reads the first detail page, and a broken one would only
    // make it read the next (tested on its own).
    const faults: ItemFault[] = ['burst', 'not-found', 'truncated', 'slow'];
    faults.forEach((f, k) => {
      const it = pick(k + 1);
      if (it.fault === null && it !== pages[0]) it.fault = f;
    });
  }

  /**
   * The column as listed, page by page. With faults, the item at a page boundary is listed twice
   * (once at the end of page 1, once at the start of page 2), as when a report is published while
   * a crawler walks the list.
   */
  listing(): FamilyItem[] {
    const list = [...this.items];
    if (this.opts.faults && list.length > this.pageSize)
      list.splice(this.pageSize, 0, list[this.pageSize - 1]!);
    return list;
  }

  pageCount(): number {
    return Math.max(1, Math.ceil(this.listing().length / this.pageSize));
  }

  /** Items of page `p` (zero-based); past the end: [] (families decide what they answer then). */
  page(p: number): FamilyItem[] {
    return this.listing().slice(p * this.pageSize, (p + 1) * this.pageSize);
  }

  /** A number in [min, max] fixed by the site and a label (column ids, unit ids). */
  fixed(label: string, min: number, max: number): number {
    return min + (hashInt(this.family, this.opts.seed, this.opts.variant, label) % (max - min + 1));
  }
}
