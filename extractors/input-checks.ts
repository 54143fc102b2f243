/**
 * Findings about the input itself, so an operator sees why a record is empty or short:
 * an anti-bot page handed over instead of the report, or a report that stops inside a table.
 */
import { finding } from './findings.ts';
import type { Finding, ReportMeta, ReportRecord } from './record.ts';
import type { Heading, Region, SectionKey } from './sections.ts';

// The same signs the crawler's challenge detector (crawlers/http/challenge.ts) looks for, on text:
// a small script that sets a clearance cookie and reloads (加速乐 `__jsl_clearance`), or a captcha form.
const SCRIPT_CHALLENGE = /document\.cookie\s*=|location\.(?:reload|href\s*=|replace)/;
const CAPTCHA = /验证码|captcha|人机验证|安全验证|滑动验证/i;

/** An anti-bot page (script challenge or captcha), checked only on input in which no table was found. */
export function challengeFinding(input: string): Finding | null {
  if (input.length > 16_384 || /<table/i.test(input)) return null;
  const script = input.length < 4096 && /<script/i.test(input) && SCRIPT_CHALLENGE.test(input);
  const captcha = CAPTCHA.test(input.slice(0, 2048));
  if (!script && !captcha) return null;
  const what = script ? 'a JavaScript challenge page (cookie + reload)' : 'a captcha page';
  return finding(
    'input.challenge',
    'error',
    null,
    null,
    null,
    `the input is ${what}, not a report: fetch it with a browser`,
  );
}

const TABLE_SECTIONS: readonly SectionKey[] = ['active', 'requests', 'appeals'];

/** The text ends inside section 二–四: the last section found is a table and 五/六 are absent. */
export function truncationFinding(
  regions: Partial<Record<SectionKey, Region>>,
  lineCount: number,
): Finding | null {
  if (regions.problems || regions.other) return null;
  const last = TABLE_SECTIONS.filter((k) => regions[k]).sort(
    (a, b) => (regions[b] as Region).start - (regions[a] as Region).start,
  )[0];
  if (!last || (regions[last] as Region).end < lineCount) return null;
  return finding(
    'input.truncated',
    'warning',
    null,
    null,
    null,
    `the text ends inside the ${last} table, with no sections 五/六: the report looks truncated`,
  );
}

// A title or an opening that names the annual report (政府信息公开工作年度报告, 政务公开年报…).
const REPORT_NAME = /(?:政府信息公开|政务公开|信息公开)[^\n]{0,12}?(?:年度报告|年报|工作报告|报告)/;

/**
 * An input with no table is still a report when its title names the annual report, or it has at
 * least two of the report's section headings; otherwise it is not one. Not the page's other text:
 * a portal's breadcrumb (政府信息公开 > 政府信息公开年报) sits above every page of the column.
 */
export function notReportFinding(meta: ReportMeta, headings: readonly Heading[]): Finding | null {
  if (meta.title && REPORT_NAME.test(meta.title)) return null;
  if (new Set(headings.map((h) => h.key)).size >= 2) return null;
  return finding(
    'input.not_report',
    'error',
    null,
    null,
    null,
    'no table, no title naming a 政府信息公开 annual report and fewer than two of its section headings: the input is not a report',
  );
}

/** Findings that say the input is not a report at all: such a record is a failure, never loaded. */
export const NOT_A_REPORT = new Set(['input.challenge', 'input.not_report']);

/**
 * Whether a record is a report to load: every record but a `failed` one whose input is not a
 * report (a challenge page, an unrelated page, empty input). A report with no table read
 * (`failed`, `table.missing`) is loaded: its agency published, and the dataset must show it.
 */
export function isReport(record: Pick<ReportRecord, 'status' | 'findings'>): boolean {
  return record.status !== 'failed' || !record.findings.some((f) => NOT_A_REPORT.has(f.code));
}
