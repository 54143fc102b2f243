/**
 * Rows family (text stage): how a table's rows and headers are printed around the cells.
 * - `span-residue`: pipe rows whose span residue is printed spaced (`| | |`, `| |||`) or at the
 *   row's start instead of its end;
 * - `split-header`: header cells broken in two (`本年新制` / `作数量`), a line or a space apart;
 * - `heading-in-table`: a heading line printed inside a table (its title, the section heading
 *   again, a unit note), as a row of its own (HTML: a one-cell row spanning the table);
 * - `shared-rows-only`: the requests table cut from （六）其他处理 to （七）总计, so only the rows
 *   both templates print are visible: the template is unknown, and no `template.outdated` may be
 *   raised on a guess.
 */
import { TEMPLATES } from '../../../extractors/templates/index.ts';
import type { Rng } from '../prng.ts';
import type { TextDamage } from './types.ts';

const TEXT_BASES = [
  'pipe',
  'pipe-fullwidth',
  'cell-per-line-tab',
  'cell-per-line-bar',
  'brackets',
  'brackets-cjk',
  'markdown',
  'pdf-text',
  'comma',
  'stream-separators',
  'stream-bar-empty',
];
const STREAMS = new Set(['cell-per-line-tab', 'cell-per-line-bar', 'stream-separators', 'stream-bar-empty']);

/** Lines [start, end) of the three tables: from the 二、 heading to the 五、 heading. */
function tableLines(lines: readonly string[]): { start: number; end: number } | null {
  const start = lines.findIndex((l) => /二、\s*主动公开/.test(l));
  const end = lines.findIndex((l, i) => i > start && /五、\s*存在/.test(l));
  return start >= 0 && end > start ? { start: start + 1, end } : null;
}

const spanResidue: TextDamage = {
  name: 'span-residue',
  family: 'rows',
  stage: 'text',
  doc: 'span residue printed spaced (`| | |`, `| |||`) or at the start of the row',
  formats: ['text'],
  bases: ['pipe', 'pipe-fullwidth'],
  apply: (text, rng) => {
    const atStart = rng.chance(0.3);
    return text
      .split('\n')
      .map((line) => {
        const m = / ([|｜]{2,})$/.exec(line);
        if (!m) return line;
        const bars = [...(m[1] as string)];
        const bar = bars[0] as string;
        const spaced = bars.join(rng.pick([' ', '', '  '])).replace(/^(.)(.*)$/, (_x, a, b) => `${a} ${b}`);
        if (atStart)
          return `${bar} ${bars.slice(1).join(' ')} ${bar} ${line.slice(0, m.index)}`.replace(/ {2,}/g, ' ');
        return `${line.slice(0, m.index)} ${spaced}`;
      })
      .join('\n');
  },
};

const HEADER_WORDS = [
  '本年新制作数量',
  '本年新公开数量',
  '对外公开总数量',
  '上一年项目数量',
  '处理决定数量',
  '本年制发件数',
  '本年废止件数',
  '现行有效件数',
  '本年处理决定数量',
  '本年收费金额（单位：万元）',
  '采购项目数量',
  '法人或其他组织',
  '社会公益组织',
  '法律服务机构',
  '未经复议直接起诉',
];

const splitHeader: TextDamage = {
  name: 'split-header',
  family: 'rows',
  stage: 'text',
  doc: 'header cells broken in two (a line break in one-cell-per-line text, a space in a row)',
  formats: ['text'],
  bases: TEXT_BASES.filter((b) => b !== 'pdf-text'),
  apply: (text, rng, { base }) => {
    const stream = STREAMS.has(base);
    let out = text;
    for (const w of HEADER_WORDS) {
      if (!rng.chance(0.5)) continue;
      const cut = w.includes('（') ? w.indexOf('（') : rng.int(2, w.length - 2);
      const sep = stream ? (base === 'cell-per-line-tab' ? '\n' : '\n') : rng.pick([' ', '\u3000']);
      out = out.split(w).join(`${w.slice(0, cut)}${sep}${w.slice(cut)}`);
    }
    return out;
  },
};

const HEADINGS = [
  '主动公开政府信息情况统计表',
  '政府信息公开申请情况统计表（单位：件）',
  '表三 政府信息公开行政复议、行政诉讼情况',
  '（单位：件）',
  '（续表）',
];

function headingLine(rng: Rng): string {
  return rng.pick(HEADINGS);
}

const headingInTable: TextDamage = {
  name: 'heading-in-table',
  family: 'rows',
  stage: 'text',
  doc: 'a heading line (table title, unit note, 续表) printed inside a table',
  formats: ['text', 'html'],
  apply: (text, rng, { format }) => {
    if (format === 'html') {
      // A one-cell row spanning the table, first or in the middle.
      return text.replace(/<tbody>\n([\s\S]*?)<\/tbody>/g, (_m, body: string) => {
        const rows = body.split('\n');
        const at = rng.chance(0.5) ? 0 : rng.int(1, Math.max(1, rows.length - 2));
        rows.splice(at, 0, `<tr><td colspan="15"><p><strong>${headingLine(rng)}</strong></p></td></tr>`);
        return `<tbody>\n${rows.join('\n')}</tbody>`;
      });
    }
    const lines = text.split('\n');
    const r = tableLines(lines);
    if (!r) return text;
    const k = rng.int(1, 3);
    for (let i = 0; i < k; i++) lines.splice(rng.int(r.start + 1, r.end - 1), 0, headingLine(rng));
    return lines.join('\n');
  },
};

const REQUESTS = TEMPLATES.requests;
/** Rows one requests template prints and the other does not: （六）其他处理 and its 2021 sub-rows. */
const ownRows = (t: '2019' | '2021') =>
  REQUESTS[t].rows
    .map((r) => r.key)
    .filter((k) => !REQUESTS[t === '2019' ? '2021' : '2019'].rows.some((r) => r.key === k));

const sharedRowsOnly: TextDamage = {
  name: 'shared-rows-only',
  family: 'rows',
  stage: 'text',
  doc: 'the requests table cut from （六）其他处理 to （七）总计: only rows both templates print remain',
  formats: ['text'],
  bases: TEXT_BASES,
  lossy: true,
  apply: (text) => {
    const lines = text.split('\n');
    const req = lines.findIndex((l) => /三、\s*收到和处理/.test(l));
    const from = lines.findIndex((l, i) => i > req && l.includes('其他处理'));
    const to = lines.findIndex((l, i) => i > from && l.includes('（七）总计'));
    if (req < 0 || from < 0 || to < 0) return text;
    lines.splice(from, to - from);
    return lines.join('\n');
  },
  // The lines cut are exactly the rows between （五） and （七）总计 that only this template prints.
  absent: (report) => ownRows(report.templates.requests).map((row) => ({ table: 'requests', row })),
};

export const ROW_DAMAGES: TextDamage[] = [spanResidue, splitHeader, headingInTable, sharedRowsOnly];
