/**
 * Report metadata from the text itself: title (first lines before section 一), agency (title
 * prefix, a metadata row, the signature, or the overview's first sentence), the covered year,
 * the signature date and the index number. Hints and page metadata win over all of these.
 */
import { DATE_LINE, parseDate } from './dates.ts';
import type { ExtractHints } from './hints.ts';
import { metaFromHeaderRow, metaFromLines, type PageMeta } from './page-meta.ts';
import type { ReportMeta } from './record.ts';
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

/** The title from the lines before the first section heading. */
export function titleFromLines(lines: readonly string[]): string | null {
  const head = lines
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, 15);
  for (let i = 0; i < head.length; i++) {
    const cur = head[i] as string;
    if (!plain(cur) || cur.length > 80) continue;
    const next = head[i + 1];
    if (REPORTISH.test(cur)) {
      const prev = head[i - 1];
      if (
        prev &&
        plain(prev) &&
        prev.length <= 30 &&
        AGENCY_END.test(prev) &&
        /^(?:\d{4}|政府信息)/.test(cur)
      )
        return prev + cur;
      return cur;
    }
    if (next && plain(next) && /年度?$/.test(cur) && REPORTISH.test(next) && (cur + next).length <= 80)
      return cur + next;
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
  const tail = lines
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(-6);
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
  /(?:^|[。；\n])\s*(?:(?:19|20)\d{2}年度?\s*[,，]?\s*)?([\u4e00-\u9fa5]{4,30}?(?:管理局|监督管理局|局|委员会|管理中心|中心|人民政府|办公室|分局|管委会))(?:坚持|深入|认真|紧紧|严格|按照|根据|围绕|始终|全面|进一步|高度|以)/;

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

export function buildMeta(
  lines: readonly string[],
  firstHeading: number,
  hints: ExtractHints,
  page: PageMeta | null,
): ReportMeta {
  const headLines = lines.slice(0, firstHeading >= 0 ? firstHeading : Math.min(lines.length, 15));
  const text = lines.join('\n');
  const title = hints.title ?? page?.title ?? titleFromLines(headLines);
  const row = metaFromHeaderRow(lines);
  const labelled = metaFromLines(headLines);
  const sig = signature(lines);
  const agency =
    hints.agency ??
    page?.agency ??
    row.agency ??
    labelled.agency ??
    (title ? agencyFromTitle(title) : null) ??
    sig.agency ??
    agencyFromProse(text);
  const publishedOn =
    (hints.publishedOn ? parseDate(hints.publishedOn) : null) ??
    page?.publishedOn ??
    labelled.publishedOn ??
    sig.date;
  let year = hints.year ?? yearFrom(title, text);
  if (year === null && publishedOn) year = Number(publishedOn.slice(0, 4)) - 1;
  return {
    title: title ? title.trim() : null,
    agency: agency ? agency.trim() : null,
    year,
    published_on: publishedOn,
    index_no: hints.indexNo ?? page?.indexNo ?? row.indexNo ?? labelled.indexNo,
  };
}
