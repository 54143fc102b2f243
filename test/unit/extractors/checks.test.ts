/** Each per-report check on a small synthetic table that violates it, and on one that does not. */
import { describe, expect, it } from 'vitest';
import { checkAppeals, checkRequests, lookup } from '../../../extractors/checks.ts';
import { checkProse } from '../../../extractors/prose.ts';
import type { Cell } from '../../../extractors/record.ts';
import type { CellInfo } from '../../../extractors/table.ts';
import { requests2019 } from '../../../extractors/templates/index.ts';
import { REQUEST_COLS } from '../../../extractors/templates/requests-columns.ts';

type Rows = Record<string, Array<number | null>>;
const ROWS = requests2019.rows.filter((r) => !r.optional).map((r) => r.key);

/** A consistent requests table: 3 granted + 1 denied_state_secret from natural persons, 1 carried forward. */
function requests(over: Rows = {}): { cells: Cell[]; states: CellInfo[] } {
  const base: Rows = {
    new_received: [4, 1, 0, 0, 0, 0, 5],
    carried_over: [1, 0, 0, 0, 0, 0, 1],
    granted: [3, 1, 0, 0, 0, 0, 4],
    denied_state_secret: [1, 0, 0, 0, 0, 0, 1],
    handled_total: [4, 1, 0, 0, 0, 0, 5],
    carried_forward: [1, 0, 0, 0, 0, 0, 1],
    ...over,
  };
  const cells: Cell[] = [];
  const states: CellInfo[] = [];
  for (const row of ROWS) {
    REQUEST_COLS.forEach((col, i) => {
      const v = base[row]?.[i] ?? 0;
      cells.push({ table: 'requests', row, col, value: v, raw: v === null ? '' : String(v) });
      states.push(v === null ? 'blank' : 'number');
    });
  }
  return { cells, states };
}

const codes = (fs: { code: string; row: string | null; col: string | null }[]) =>
  fs.map((f) => `${f.code}:${f.row}:${f.col}`);

describe('requests checks', () => {
  it('a consistent table raises nothing', () => {
    const { cells, states } = requests();
    expect(checkRequests(lookup(cells, states), ROWS)).toEqual([]);
  });

  it('requests.row_sum: a row whose total disagrees with its cells', () => {
    const { cells, states } = requests({ granted: [3, 1, 0, 0, 0, 0, 5] });
    const got = codes(checkRequests(lookup(cells, states), ROWS));
    expect(got).toContain('requests.row_sum:granted:null');
  });

  it('requests.balance: new + carried over ≠ handled + carried forward, per column', () => {
    const { cells, states } = requests({ carried_forward: [2, 0, 0, 0, 0, 0, 2] });
    expect(codes(checkRequests(lookup(cells, states), ROWS))).toEqual([
      'requests.balance:null:natural_person',
      'requests.balance:null:total',
    ]);
  });

  it('requests.handled_sum: result rows do not add up to （七）总计', () => {
    const { cells, states } = requests({
      granted: [2, 1, 0, 0, 0, 0, 3],
      new_received: [3, 1, 0, 0, 0, 0, 4],
      handled_total: [3, 1, 0, 0, 0, 0, 4],
    });
    // granted 2 + state secret 1 = 3 per natural_person (matches); total 3 + 1 = 4 (matches): no finding.
    expect(checkRequests(lookup(cells, states), ROWS)).toEqual([]);
    const bad = requests({
      denied_state_secret: [2, 0, 0, 0, 0, 0, 2],
      new_received: [5, 1, 0, 0, 0, 0, 6],
      handled_total: [4, 1, 0, 0, 0, 0, 5],
    });
    const got = codes(checkRequests(lookup(bad.cells, bad.states), ROWS));
    expect(got).toEqual([
      'requests.balance:null:natural_person',
      'requests.handled_sum:handled_total:natural_person',
      'requests.balance:null:total',
      'requests.handled_sum:handled_total:total',
    ]);
  });

  it('blank cells count as zero; unknown cells skip the check', () => {
    const { cells, states } = requests({
      carried_over: [null, null, null, null, null, null, null],
      new_received: [5, 1, 0, 0, 0, 0, 6],
      handled_total: [4, 1, 0, 0, 0, 0, 5],
    });
    expect(checkRequests(lookup(cells, states), ROWS)).toEqual([]);
    const unknown = requests({ granted: [3, 1, 0, 0, 0, 0, 99] });
    unknown.states = unknown.states.map((s, i) => (unknown.cells[i]!.row === 'granted' ? 'unknown' : s));
    expect(checkRequests(lookup(unknown.cells, unknown.states), ROWS)).toEqual([]);
  });
});

describe('appeals.total', () => {
  const appeals = (values: number[]): { cells: Cell[]; states: CellInfo[] } => {
    const cols = ['review', 'suit_direct', 'suit_after_review'].flatMap((g) =>
      ['upheld', 'corrected', 'other', 'pending', 'total'].map((o) => `${g}_${o}`),
    );
    return {
      cells: cols.map((col, i) => ({
        table: 'appeals',
        row: 'cases',
        col,
        value: values[i]!,
        raw: String(values[i]),
      })),
      states: cols.map(() => 'number'),
    };
  };
  it('fires per group whose outcomes do not sum to its total', () => {
    const ok = appeals([1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1]);
    expect(checkAppeals(lookup(ok.cells, ok.states))).toEqual([]);
    const bad = appeals([1, 0, 0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect(codes(checkAppeals(lookup(bad.cells, bad.states)))).toEqual([
      'appeals.total:cases:review_total',
      'appeals.total:cases:suit_after_review_total',
    ]);
  });
});

describe('text.mismatch', () => {
  const { cells, states } = requests();
  const get = lookup(cells, states);
  it('compares prose figures with the table', () => {
    expect(checkProse('本年新收政府信息公开申请5件，上年结转1件，结转下年度继续办理1件。', get)).toEqual([]);
    const f = checkProse('本年新收政府信息公开申请7件，上年结转政府信息公开申请1件。', get);
    expect(codes(f)).toEqual(['text.mismatch:new_received:total']);
    expect(f[0]!.message).toContain('7');
  });
  it('reads 共收到…申请N件 and ignores figures of other clauses', () => {
    expect(codes(checkProse('2020年，共收到政府信息公开申请3件。', get))).toEqual([
      'text.mismatch:new_received:total',
    ]);
    expect(checkProse('本年新收政府信息公开申请。办理信息9条，共5件。', get)).toEqual([]);
  });
  it('行政复议/行政诉讼 figures against the appeals totals, only when the table has them', () => {
    expect(checkProse('被申请行政复议2件。', get)).toEqual([]);
  });
});
