/**
 * Report metadata from the text itself: title (first lines before section 一), agency (title
 * prefix, a metadata row, the signature, or the overview's first sentence), the covered year,
 * the signature date and the index number. Hints and page metadata win over all of these.
 */
import { placeholderReason, sameAgency } from './agency-name.ts';
import { DATE_LINE, parseDate } from './dates.ts';
import type { FindingCode } from './finding-codes.ts';
import { finding } from './findings.ts';
import type { ExtractHints } from './hints.ts';
import { metaFromHeaderRow, metaFromLines, type PageMeta } from './page-meta.ts';
import type { Finding, ReportMeta } from './record.ts';
import { ROW_MARK } from './tokenize/html-grid.ts';

const REPORTISH = /报告|年报|落实情况/;
const AGENCY_END =
  /(?:局|委|院|办|中心|分局|政府|委员会|站|所|处|队|会|部|厅|室|馆|社|司|署|团|园区|管委会|街道|镇|乡)$/;
// A year, not the year of a date (`2022年1月29日` is when it was signed, not what it covers).
const YEAR = /((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)/;
// Pages whose text drops a `<span>` lose the 年 (`2020度政府信息公开…`, `2020政府信息公开…`).
const YEAR_NO_NIAN = /(?<![\d０-９])((?:19|20)\d{2})\s*(?:度|(?=政府信息公开|政务公开))/;

function plain(line: string): boolean {
  return !line.includes('|') && !line.startsWith(ROW_MARK) && !/[，。：:；;,]/.test(line);
}

// A portal's breadcrumb (`首页 > 信息公开 > … > 政府信息公开年报`, `当前位置：…`): it names the
// column the report is filed under, never the report.
const BREADCRUMB = /[>＞»›→]|^(?:首页|主页|当前位置|您的位置|您现在的位置|所在位置)/;
const NAMES_YEAR = /(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4}\s*年/;

/** The title from the lines before the first section heading. */
export function titleFromLines(lines: readonly string[]): string | null {
  // Markdown prints the title as a heading (`# X局2020年…`); the marks are not part of it.
  // A loop, not .map().filter(): V8's optimised .map returns a holey array, the unoptimised one a
  // packed array, and this function was compiled again for the other kind ("wrong map" deopts).
  const head: string[] = [];
  for (let i = 0; i < lines.length && head.length < 15; i++) {
    const l = (lines[i] as string).trim().replace(/^#{1,6}\s+/, '');
    if (l !== '' && !BREADCRUMB.test(l)) head.push(l);
  }
  // A line naming a year is a report's title; a report-ish line without one (a column name, a
  // list heading) is taken only when no line names a year.
  return titleIn(head, true) ?? titleIn(head, false);
}

function titleIn(head: readonly string[], withYear: boolean): string | null {
  for (let i = 0; i < head.length; i++) {
    const cur = head[i] as string;
    if (!plain(cur) || cur.length > 80) continue;
    const next = head[i + 1];
    if (REPORTISH.test(cur)) {
      const prev = head[i - 1];
      const joined =
        prev && plain(prev) && prev.length <= 30 && AGENCY_END.test(prev) && /^(?:\d{4}|政府信息)/.test(cur)
          ? prev + cur
          : cur;
      if (!withYear || NAMES_YEAR.test(joined)) return joined;
      continue;
    }
    // A title broken over two lines (`…2022年` / `政府信息公开工作年度报告`, or a long title
    // wrapped anywhere by a narrow page: `…2022年政府信息公开工` / `作年度报告`).
    const wrapped = /年度?$/.test(cur) || NAMES_YEAR.test(cur);
    if (next && plain(next) && wrapped && REPORTISH.test(cur + next) && (cur + next).length <= 80)
      if (!withYear || NAMES_YEAR.test(cur + next)) return cur + next;
  }
  return null;
}

export function agencyFromTitle(title: string): string | null {
  const m = /^(.{2,40}?)(?:关于)?(?:(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})\s*年/.exec(title);
  const a = m?.[1]?.trim();
  return a && !REPORTISH.test(a) && !/政府信息公开/.test(a) ? a : null;
}

/** The signature at the end: an agency line and/or a date line. */
export function signature(lines: readonly string[]): { agency: string | null; date: string | null } {
  // The last six non-empty lines, trimmed, in order (read from the end: reports are long).
  const tail: string[] = [];
  for (let i = lines.length - 1; i >= 0 && tail.length < 6; i--) {
    const t = (lines[i] as string).trim();
    if (t !== '') tail.unshift(t);
  }
  for (let i = tail.length - 1; i >= 0; i--) {
    const line = tail[i] as string;
    if (line.length <= 60 && DATE_LINE.test(line)) {
      const prev = tail[i - 1];
      const inline = /^([\u4e00-\u9fa5（）()]{2,40}?)\s*(?:\d{4}|[〇零○Oo一二三四五六七八九]{4})/.exec(
        line,
      )?.[1];
      const agency =
        inline && AGENCY_END.test(inline)
          ? inline
          : prev && prev.length <= 40 && plain(prev) && AGENCY_END.test(prev)
            ? prev
            : null;
      return { agency, date: parseDate(line) };
    }
  }
  return { agency: null, date: null };
}

const PROSE_AGENCY =
  /(?:^|[。；\n])\s*(?:(?:19|20)\d{2}\s*年度?\s*[,，]?\s*)?([\u4e00-\u9fa5]{4,30}?(?:管理局|监督管理局|局|委员会|管理中心|中心|人民政府|办公室|分局|管委会))(?:坚持|深入|认真|紧紧|严格|按照|根据|围绕|始终|全面|进一步|高度|以)/;

export function agencyFromProse(text: string): string | null {
  const m = PROSE_AGENCY.exec(text.slice(0, 4000));
  const a = m?.[1];
  return a && !/^[我本该]/.test(a) ? a : null;
}

export function yearFrom(title: string | null, text: string): number | null {
  const head = text.slice(0, 3000);
  const m =
    (title ? (YEAR.exec(title) ?? YEAR_NO_NIAN.exec(title)) : null) ??
    YEAR.exec(head) ??
    YEAR_NO_NIAN.exec(head);
  return m ? Number(m[1]) : null;
}

// `本报告由XX局编制` / `由XX局根据《条例》…编制`: the opening of a report that prints no title.
const COMPILED_BY =
  /由\s*([\u4e00-\u9fa5（）()]{2,40}?(?:局|委|委员会|院|办|办公室|中心|政府|人民政府|站|所|处|队|部|厅|馆|社|署|管委会|街道办事处|镇|乡))\s*(?:根据|按照|依据|依照|会同|负责|编制|制作|汇总|组织)/;
// The report's own name inside its opening (`现将XX局2020年政府信息公开工作年度报告公布如下`).
const NAMED_REPORT =
  /(?:^|[，。；：:,\s将布是为的])([\u4e00-\u9fa5（）()]{2,40}?)\s*((?:19|20)\d{2})\s*年度?\s*(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?报告/m;
// The period the figures cover: `统计期限为2020年1月1日至2020年12月31日`, `截至2020年12月31日`.
const PERIOD = [
  /统计期限[^。\n]{0,12}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日/,
  /((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*至\s*(?:\1\s*年\s*)?12\s*月\s*31\s*日/,
  /截[至止]\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日/,
];

/**
 * An agency printed on a line of its own next to the title line (under or over it). Only next to
 * the title: a portal's navigation lists other agencies' names on lines of their own too.
 */
export function headAgency(headLines: readonly string[]): string | null {
  // Markdown prints it as a heading (`# X局`); the marks are not part of the name.
  const head = headLines
    .map((l) => l.trim().replace(/^[#>*\s]+/, ''))
    .filter((l) => l !== '')
    .slice(0, 15);
  const nameLike = (t: string | undefined) =>
    t !== undefined && t.length >= 3 && t.length <= 30 && plain(t) && !/\d|报告|年报/.test(t);
  for (let i = 0; i < head.length; i++) {
    const t = head[i] as string;
    if (!nameLike(t)) continue;
    const prev = head[i - 1];
    const next = head[i + 1];
    const byTitle = [prev, next].some((n) => n !== undefined && REPORTISH.test(n));
    // An item of a list of names (a sidebar of agencies) is not the report's agency.
    const inList = [prev, next].some((n) => nameLike(n) && placeholderReason(n as string) === null);
    if (byTitle && !inList && placeholderReason(t) === null) return t;
  }
  return null;
}

/** Who compiled the report and which year it names, from its opening when it prints no title. */
export function openingFacts(text: string): { agency: string | null; year: number | null } {
  const head = text.slice(0, 3000);
  const named = NAMED_REPORT.exec(head);
  let agency: string | null = null;
  if (named) {
    const a = (named[1] as string).replace(/^(?:现将|现|特|本|将|发布|公布|编制)/, '');
    if (placeholderReason(a) === null && !/^[我本该]/.test(a)) agency = a;
  }
  const by = COMPILED_BY.exec(head)?.[1];
  if (!agency && by && placeholderReason(by) === null && !/^[我本该]/.test(by)) agency = by;
  return { agency, year: named ? Number(named[2]) : null };
}

/** The year the figures cover as the report states its period, or null. */
export function periodYear(text: string): number | null {
  const head = text.slice(0, 6000);
  // Most reports state no period: two cheap scans spare the three patterns (extraction speed).
  if (!head.includes('统计期限') && !/12\s*月\s*31/.test(head)) return null;
  for (const re of PERIOD) {
    const m = re.exec(head);
    if (m) return Number(m[1]);
  }
  return null;
}

interface Named {
  name: string;
  from: string;
}

/** The first of `names` that is an agency; the placeholders passed over are listed. */
function firstAgency(names: Array<Named | null>): { agency: Named | null; refused: Named[] } {
  const refused: Named[] = [];
  for (const n of names) {
    if (!n) continue;
    if (placeholderReason(n.name) === null) return { agency: n, refused };
    refused.push(n);
  }
  return { agency: null, refused };
}

const named = (name: string | null | undefined, from: string): Named | null => {
  const t = name?.trim();
  return t ? { name: t, from } : null;
};

/**
 * The report's metadata and what the sources of it disagreed on. Best source per field:
 * - agency: a publisher the page or the crawl names, unless the title names another agency (the
 *   title is the report's own word; a portal's 发布机构 is often whoever posted it); a
 *   placeholder publisher (本网, 样本报告, 办公室, a site's name) is never taken; without either,
 *   the opening (`由XX局编制`, the report's name in its first lines), the signature, the prose.
 * - year: the title's, else the crawl's, else the report's opening, its stated period
 *   (统计期限 / 截至…12月31日), its first lines, the publication year − 1.
 * Disagreements (`meta.disagree`), placeholders passed over (`agency.placeholder`) and fields no
 * source gives (`meta.missing`) are findings.
 */
interface MetaMemo {
  lines: readonly string[];
  text: string;
  signed: ReturnType<typeof signature> | null;
  opening: ReturnType<typeof openingFacts> | null;
}

function signedOf(m: MetaMemo): ReturnType<typeof signature> {
  if (m.signed === null) m.signed = signature(m.lines);
  return m.signed;
}

function openingOf(m: MetaMemo): ReturnType<typeof openingFacts> {
  if (m.opening === null) m.opening = openingFacts(m.text);
  return m.opening;
}

export function readMeta(
  lines: readonly string[],
  firstHeading: number,
  hints: ExtractHints,
  page: PageMeta | null,
  text: string = lines.join('\n'),
): { meta: ReportMeta; findings: Finding[] } {
  const findings: Finding[] = [];
  const headLines = lines.slice(0, firstHeading >= 0 ? firstHeading : Math.min(lines.length, 15));
  // The signature and the opening are read lazily, through a memo rather than named closures
  // (under tsx each closure made costs a defineProperty per report).
  const memo: MetaMemo = { lines, text, signed: null, opening: null };
  const textTitle = titleFromLines(headLines);
  // A title that names a report beats one that does not (a site's name in <title>, a list's cut title).
  const title =
    [hints.title, page?.title, textTitle].find((t) => t && REPORTISH.test(t)) ??
    hints.title ??
    page?.title ??
    textTitle;
  const row = metaFromHeaderRow(lines);
  const labelled = metaFromLines(headLines);
  // Read only when the title and the page leave the agency or the year open (extraction speed).

  // The agency a title names: the first title that names one.
  // A loop, not .map().find(): the optimised .map's holey array recompiled readMeta (see titleFromLines).
  let titled: string | undefined;
  for (const t of [hints.title, page?.title, textTitle]) {
    const a = t ? agencyFromTitle(t) : null;
    if (a !== null && placeholderReason(a) === null) {
      titled = a;
      break;
    }
  }
  const publishers = firstAgency([
    named(hints.agency, 'the crawl'),
    named(page?.agency, "the page's metadata"),
    named(row.agency, 'the metadata row'),
    named(labelled.agency, 'the metadata block'),
  ]);
  let agency: string | null = null;
  if (publishers.agency && titled && !sameAgency(publishers.agency.name, titled)) {
    agency = titled;
    findings.push(
      metaWarning(
        'meta.disagree',
        `agency: the title names ${titled}, ${publishers.agency.from} names ${publishers.agency.name}; the title's is kept`,
      ),
    );
  } else {
    const sig = publishers.agency || titled ? null : signedOf(memo).agency;
    agency =
      publishers.agency?.name ??
      titled ??
      headAgency(headLines) ??
      openingOf(memo).agency ??
      sig ??
      agencyFromProse(text);
  }
  if (publishers.refused.length) {
    const p = publishers.refused[0] as Named;
    const why = placeholderReason(p.name);
    findings.push(
      metaWarning(
        'agency.placeholder',
        agency
          ? `publisher "${p.name}" (${p.from}) is ${why}; the agency is taken from the report: ${agency}`
          : `publisher "${p.name}" (${p.from}) is ${why}; the report names no agency`,
      ),
    );
  }

  const sig = signedOf(memo);
  const publishedOn =
    (hints.publishedOn ? parseDate(hints.publishedOn) : null) ??
    page?.publishedOn ??
    labelled.publishedOn ??
    sig.date;

  const titleYear = title ? yearOf(title) : null;
  const stated = titleYear ?? (textTitle ? yearOf(textTitle) : null);
  const period = periodYear(text);
  let year = stated ?? hints.year ?? openingOf(memo).year ?? period ?? yearFrom(null, text);
  if (year === null && publishedOn) year = Number(publishedOn.slice(0, 4)) - 1;
  if (stated !== null && hints.year != null && hints.year !== stated)
    findings.push(
      metaWarning(
        'meta.disagree',
        `year: the title says ${stated}, the crawl says ${hints.year}; the title's is kept`,
      ),
    );
  else if (year !== null && period !== null && period !== year)
    findings.push(
      metaWarning('meta.disagree', `year: ${year} is kept, the report's stated period ends in ${period}`),
    );

  const meta: ReportMeta = {
    title: title ? title.trim() : null,
    agency: agency ? agency.trim() : null,
    year,
    published_on: publishedOn,
    index_no: hints.indexNo ?? page?.indexNo ?? row.indexNo ?? labelled.indexNo,
  };
  const missing = (['agency', 'year'] as const).filter((k) => meta[k] === null);
  if (missing.length)
    findings.push(
      metaWarning(
        'meta.missing',
        `${missing.join(' and ')} not found: no title, page metadata, opening or signature names ${missing.length > 1 ? 'them' : 'it'}`,
      ),
    );
  return { meta, findings };
}

/** The year a title names (`2020年`, `2020年度`, `2020度` when a span lost the 年). */
function yearOf(title: string): number | null {
  const m = YEAR.exec(title) ?? YEAR_NO_NIAN.exec(title);
  return m ? Number(m[1]) : null;
}

export function buildMeta(
  lines: readonly string[],
  firstHeading: number,
  hints: ExtractHints,
  page: PageMeta | null,
): ReportMeta {
  return readMeta(lines, firstHeading, hints, page).meta;
}

/** Meta findings concern the whole report: no table, row or column. */
function metaWarning(code: FindingCode, message: string): Finding {
  return finding(code, 'warning', null, null, null, message);
}
