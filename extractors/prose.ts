/**
 * Figures the prose states (本年新收…N件, 上年结转…N件, 结转下年度…N件, 行政复议…N件, 行政诉讼…N件)
 * compared with the tables: a difference is a `text.mismatch` finding. Gaps are bounded and stop
 * at sentence punctuation, so a figure is only read from its own clause.
 */
import type { CellLookup } from './checks.ts';
import { finding } from './findings.ts';
import type { Finding, TableKey } from './record.ts';

interface Claim {
  what: string;
  re: RegExp;
  table: TableKey;
  row: string;
  cols: string[];
}

const GAP = '[^。；;！？\\n]{0,24}?';
const CLAIMS: Claim[] = [
  {
    what: '本年新收',
    re: new RegExp(`本年(?:度)?新收${GAP}(\\d+)\\s*件`),
    table: 'requests',
    row: 'new_received',
    cols: ['total'],
  },
  {
    what: '收到申请',
    re: new RegExp(`(?:共|全年)收到${GAP}申请${'[^。；;！？\\n]{0,8}?'}(\\d+)\\s*件`),
    table: 'requests',
    row: 'new_received',
    cols: ['total'],
  },
  {
    what: '上年结转',
    re: new RegExp(`上年(?:度)?结转${GAP}(\\d+)\\s*件`),
    table: 'requests',
    row: 'carried_over',
    cols: ['total'],
  },
  {
    what: '结转下年度',
    re: new RegExp(`结转(?:至|到)?下(?:一)?年(?:度)?${GAP}(\\d+)\\s*件`),
    table: 'requests',
    row: 'carried_forward',
    cols: ['total'],
  },
  {
    what: '行政复议',
    re: new RegExp(`行政复议${GAP}(\\d+)\\s*(?:件|起)`),
    table: 'appeals',
    row: 'cases',
    cols: ['review_total'],
  },
  {
    what: '行政诉讼',
    re: new RegExp(`行政诉讼${GAP}(\\d+)\\s*(?:件|起)`),
    table: 'appeals',
    row: 'cases',
    cols: ['suit_direct_total', 'suit_after_review_total'],
  },
];

export function checkProse(prose: string, get: CellLookup): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const c of CLAIMS) {
    const m = c.re.exec(prose);
    if (!m) continue;
    const key = `${c.row}/${c.cols.join('+')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const stated = Number(m[1]);
    let table = 0;
    let known = true;
    for (const col of c.cols) {
      const v = get(c.table, c.row, col);
      if (v === undefined || v === null) known = false;
      else table += v;
    }
    if (known && stated !== table) {
      out.push(
        finding(
          'text.mismatch',
          'warning',
          c.table,
          c.row,
          c.cols.length === 1 ? (c.cols[0] as string) : null,
          `the text says "${m[0]}" (${stated}) but the ${c.table} table has ${table}`,
        ),
      );
    }
  }
  return out;
}
