/** Helpers the damage families share. */
import type { GeneratedReport } from '../types.ts';

/** A deep copy of a report, so a report-stage damage can change it without touching its input. */
export function cloneReport(r: GeneratedReport): GeneratedReport {
  return structuredClone(r);
}

/** Apply `fn` to the text nodes of HTML only (never inside a tag). */
export function mapHtmlText(html: string, fn: (text: string) => string): string {
  return html.replace(/>([^<]+)</g, (_m, t: string) => `>${fn(t)}<`);
}

/** Line index ranges [start, end) between the table section headings of a rendered text. */
export function tableLineRange(lines: readonly string[]): { start: number; end: number } | null {
  const start = lines.findIndex((l) => /^\s*二、\s*主动公开/.test(l));
  const end = lines.findIndex((l) => /^\s*五、\s*存在/.test(l));
  return start >= 0 && end > start ? { start: start + 1, end } : null;
}
