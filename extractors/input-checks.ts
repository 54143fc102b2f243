/**
 * Findings about the input itself, so an operator sees why a record is empty or short:
 * an anti-bot page handed over instead of the report, or a report that stops inside a table.
 */
import { finding } from './findings.ts';
import type { Finding } from './record.ts';
import type { Region, SectionKey } from './sections.ts';

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
