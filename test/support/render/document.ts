/**
 * The text skeleton every text shape shares: title, the six numbered sections with prose and
 * tables, signature and date. Shapes only decide how a table grid is written.
 */
import type { TableKey } from '../../../extractors/record.ts';
import { type Grid, tableGrid } from '../layout.ts';
import type { GeneratedReport } from '../types.ts';

export const HEADINGS = {
  overview: '一、总体情况',
  active: '二、主动公开政府信息情况',
  requests: '三、收到和处理政府信息公开申请情况',
  appeals: '四、政府信息公开行政复议、行政诉讼情况',
  problems: '五、存在的主要问题及改进情况',
  other: '六、其他需要报告的事项',
} as const;
export type Headings = Record<keyof typeof HEADINGS, string>;

/** `2021-01-26` → `2021年1月26日`. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export interface DocumentOptions {
  headings?: Partial<Headings>;
  /** Lines printed above the title (e.g. a portal metadata row). */
  preamble?: string[];
  /** Title lines; default: agency + year title on one line. */
  title?: string[];
  /** Extra lines inserted after the overview prose (e.g. injected spam). */
  afterOverview?: string[];
  /** Text between tables' blocks (e.g. blank lines). */
  gap?: string;
  /** What a line break inside a label becomes (default: the parts are joined). */
  lineBreak?: string;
}

export function renderDocument(
  report: GeneratedReport,
  writeTable: (grid: Grid, table: TableKey) => string,
  opts: DocumentOptions = {},
): string {
  const hd: Headings = { ...HEADINGS, ...opts.headings };
  const gap = opts.gap ?? '';
  const table = (t: TableKey) => writeTable(tableGrid(report, t, opts.lineBreak ?? ''), t);
  const parts: string[] = [
    ...(opts.preamble ?? []),
    ...(opts.title ?? [report.meta.title]),
    hd.overview,
    report.prose.overview,
    ...(opts.afterOverview ?? []),
    hd.active,
    table('active'),
    gap,
    hd.requests,
    table('requests'),
    gap,
    hd.appeals,
    table('appeals'),
    gap,
    hd.problems,
    report.prose.problems,
    hd.other,
    report.prose.other,
    report.meta.agency,
    chineseDate(report.meta.published_on),
  ];
  return `${parts.filter((p) => p !== '').join('\n')}\n`;
}
