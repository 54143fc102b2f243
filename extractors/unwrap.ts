/**
 * Wrapped labels (tokenize/wrapped.ts) → template rows. Each values line is one row; its label is
 * the fragments printed on it, plus a tail of the fragments above it and a head of those below.
 * Where the fragments between two values lines are cut is chosen against the template: the
 * assignment under which the joined labels name the template's rows, in the template's order,
 * best (exact names beat a label with text left over, which beats a cut-short one). Helping it:
 * - an item marker (`1.` `（一）` `一、`) starts a label, so a gap holding one marker is cut there;
 * - group labels (三、本年度办理结果, （三）不予公开) are found as runs of fragments spelling a
 *   group of the template, in reading order, other fragments between them skipped; a row's label
 *   is read with them left out (a child row) or kept (a subtotal row named like its group);
 * - long fragments between rows that are part of no label of the template (headings, notes,
 *   spam) are left out;
 * - a label is centred on its values line (as many lines above as below, give or take one):
 *   between assignments whose labels score alike, the one with more centred labels wins.
 * When several assignments score best and disagree on which values line is which row, those rows
 * are ambiguous (null + table.ambiguous_row), never guessed. Values lines that name no row are
 * dropped.
 */
import { labelKey, stripGroups } from './labels.ts';
import { newPiece, type Piece } from './match.ts';
import { simplified } from './script.ts';
import type { TableTemplate, TemplateRow } from './templates/types.ts';
import type { TokTable } from './tokenize/types.ts';
import type { Segment, ValuesLine, WrappedLayout } from './tokenize/wrapped.ts';
import { classify } from './values.ts';
import { placeBlanks } from './wrapped-columns.ts';

export interface Unwrapped {
  pieces: Piece[];
  /** Template row keys that more than one assignment reads from different lines. */
  ambiguous: string[];
}

interface Keys {
  rows: string[][];
  /** Every row key of 3+ characters: text that names another row. */
  all: string[];
  groups: string[];
  /** Group labels as label keys (no numbering), for stripGroups. */
  groupKeys: string[];
  /** Every label, alias and group in full-key form, one per line: what a fragment must be part of. */
  text: string;
  named: Map<string, boolean>;
  /** Template row indices by the first two characters of any of their keys. */
  byHead: Map<string, number[]>;
}

const cache = new WeakMap<TableTemplate, Keys>();
// The marks' comparable form keeps the numbering (`（三）不予公开` → `三不予公开`), unlike labelKey.
const NON_WORD = /[^\u4e00-\u9fffA-Za-z0-9]+/g;
const fullKey = (s: string) => simplified(s).replace(NON_WORD, '');

function keysOf(t: TableTemplate): Keys {
  let k = cache.get(t);
  if (!k) {
    const rows = t.rows.map((r) => [r.label, ...(r.aliases ?? [])].map(labelKey).filter((x) => x !== ''));
    const groupLabels = [...new Set(t.rows.flatMap((r) => r.groups ?? []))];
    const groups = groupLabels.map(fullKey);
    const text = t.rows
      .flatMap((r) => [r.label, ...(r.aliases ?? []), ...(r.groups ?? [])].map(fullKey))
      .join('\n');
    k = {
      rows,
      all: [...new Set(rows.flat().filter((x) => x.length >= 3))],
      groups,
      groupKeys: groupLabels.map(labelKey),
      text,
      named: new Map(),
      byHead: new Map(),
    };
    rows.forEach((keys, r) => {
      for (const key of keys) {
        const head = key.slice(0, 2);
        const at = k?.byHead.get(head) ?? [];
        if (!at.includes(r)) at.push(r);
        k?.byHead.set(head, at);
      }
    });
    cache.set(t, k);
  }
  return k;
}

/**
 * A fragment between two rows that is no label's piece: Latin words (spam, `Page 9 - …`), or a
 * long run mostly made of words no label or group of the template has (numbering kept: `1.属于国`
 * is in `1.属于国家秘密`) — a heading or a note printed inside the table, a long column header,
 * spam. A short fragment, or one mostly of label words (`规范性文件（有规范性文件`), is kept: it is
 * a wrapped piece of a label the template words otherwise, and dropping it could hand the rest of
 * the label to the row next to it.
 */
function foreign(s: Segment, k: Keys): boolean {
  if (/[A-Za-z]{2}/.test(s.text)) return true;
  const f = fullKey(s.text);
  if (f.length < 7 || k.text.includes(f)) return false;
  // Characters covered by runs of 3+ that occur in the template's labels, left to right.
  let covered = 0;
  for (let i = 0; i < f.length; ) {
    let len = Math.min(f.length - i, 24);
    while (len >= 3 && !k.text.includes(f.slice(i, i + len))) len--;
    if (len >= 3) {
      covered += len;
      i += len;
    } else i++;
  }
  return covered * 10 < f.length * 6;
}

/**
 * Mark the fragments that spell a group label: from a fragment starting with the group's
 * numbering, later fragments that continue it are taken (others skipped) until it is complete.
 */
function markGroups(segs: readonly Segment[], k: Keys): Map<Segment, number> {
  const out = new Map<Segment, number>();
  let id = 0;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i] as Segment;
    if (!s.marker || out.has(s)) continue;
    const head = fullKey(s.text);
    for (const g of k.groups) {
      if (!head || !g.startsWith(head)) continue;
      const taken = [s];
      let have = head;
      for (let j = i + 1; j < segs.length && j <= i + 40 && have !== g; j++) {
        const n = segs[j] as Segment;
        const f = fullKey(n.text);
        if (f && !out.has(n) && g.startsWith(have + f)) {
          taken.push(n);
          have += f;
        }
      }
      if (have === g) {
        id++;
        for (const x of taken) out.set(x, id);
        break;
      }
    }
  }
  return out;
}

const EXACT = 8;

/** How well a label names row keys `keys`: exact 8, with text left over 4, cut short 2. */
function score(label: string, keys: readonly string[], k: Keys): number {
  let best = 0;
  const names = (s: string, own: string) => k.all.some((o) => o !== own && !own.includes(o) && s.includes(o));
  for (const key of keys) {
    if (label === key) return EXACT;
    if (label.startsWith(key)) {
      if (!names(label.slice(key.length), key)) best = Math.max(best, 4);
    } else if (label.length >= 4 && key.startsWith(label)) best = Math.max(best, 2);
    // A key inside other text is not taken: the text before it may be this row's own label, and the
    // key the next row's (a values line whose label is not recognised must not take its neighbour's).
  }
  return best;
}

/**
 * How a gap between two rows may be cut: the row above takes the fragments before `end`, the row
 * below those from `start` on, and what lies between (a block title, column headers, a page
 * header) is neither's. A marker starts the label below, so a gap holding one marker (or followed
 * by a values line whose own text starts with one) is cut there for the row below.
 */
interface Cuts {
  ends: number[];
  starts: number[];
}

const SPAN = 16;

function cuts(
  gap: readonly Segment[],
  groups: ReadonlyMap<Segment, number>,
  nextStartsMarked: boolean,
): Cuts {
  const m: number[] = [];
  gap.forEach((s, i) => {
    if (s.marker && !groups.has(s)) m.push(i);
  });
  if (nextStartsMarked) m.push(gap.length);
  // A label wraps over a few lines: the row above takes at most SPAN fragments from the gap's
  // start, the row below at most SPAN before its end; whatever lies further in is neither's.
  // This also keeps the work linear in a gap of thousands of lines (prose inside a table).
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const ends = (limit: number) => range(0, Math.min(limit, SPAN));
  if (m.length === 1) return { ends: ends(m[0] as number), starts: m };
  return { ends: ends(gap.length), starts: range(Math.max(0, gap.length - SPAN), gap.length) };
}

const NEG = -1e9;

/**
 * The class, cheaply, on the space-rows tokens: some line holding values whose own text names no
 * row of the template, even with the group labels printed before it stripped (`三、本年度办理结果
 * （一）予以公开 …` names 予以公开). A plain PDF text prints each label whole on its values line.
 */
export function unnamedValuesLine(tt: TokTable, t: TableTemplate): boolean {
  const k = keysOf(t);
  for (const row of tt.rows) {
    const last = row[row.length - 1];
    if (!last || classify(last.text) === 'text') continue;
    // The label is the text before the first value (words a space apart are one cell already).
    let text = '';
    for (const c of row) {
      if (classify(c.text) !== 'text') break;
      text += c.text;
    }
    if (!namesRow(text, k)) return true;
  }
  return false;
}

/** Whether a values line's own text names a row (kept per template: the same labels recur). */
function namesRow(text: string, k: Keys): boolean {
  let hit = k.named.get(text);
  if (hit === undefined) {
    const key = labelKey(text);
    const stripped = key ? stripGroups(key, k.groupKeys) : null;
    const names = (x: string) => k.rows.some((keys) => keys.some((kk) => x.startsWith(kk)));
    hit = key !== '' && (names(key) || (stripped !== null && names(stripped)));
    if (k.named.size > 5000) k.named.clear();
    k.named.set(text, hit);
  }
  return hit;
}

export function unwrapRows(w: WrappedLayout, t: TableTemplate): Unwrapped | null {
  const k = keysOf(t);
  const T = t.rows.length;
  // A table of the template has about as many values lines as rows; hundreds are not one (and
  // would only cost time).
  if (w.rows.length > 3 * T + 10) return null;
  // Only a gap's first and last fragments can be a label's (see SPAN); the middle of a long gap
  // (prose inside the table) is neither's and is not looked at.
  const gaps = w.gaps.map((g) =>
    (g.length > 3 * SPAN ? [...g.slice(0, 2 * SPAN), ...g.slice(-2 * SPAN)] : g).filter(
      (s) => !foreign(s, k),
    ),
  );
  // A values line's own text is its label, however it reads: only fragments between rows can be foreign.
  const inline = w.rows.map((r) => r.inline);
  // Reading order of every fragment, to find the group labels across lines.
  const order: Segment[] = [];
  gaps.forEach((g, i) => {
    order.push(...g);
    if (i < inline.length) order.push(...(inline[i] as Segment[]));
  });
  const groups = markGroups(order, k);
  const m = w.rows.length;
  const firstItem = (segs: readonly Segment[]) => segs.find((s) => !groups.has(s));
  const allowed = gaps.map((g, i) =>
    cuts(g, groups, i < m && firstItem(inline[i] as Segment[])?.marker === true),
  );

  // A row's label is read without the group labels' fragments (a child row), or with one group's
  // (a subtotal row named like the group its children would print under).
  const variants = (segs: readonly Segment[]): string[] => {
    const ids = new Set<number>();
    for (const s of segs) {
      const g = groups.get(s);
      if (g !== undefined) ids.add(g);
    }
    const join = (keep: number | null) =>
      labelKey(
        segs
          .filter((s) => {
            const g = groups.get(s);
            return g === undefined || g === keep;
          })
          .map((s) => s.text)
          .join(''),
      );
    return [join(null), ...[...ids].map(join)].filter((l) => l !== '');
  };
  const best = (labels: readonly string[], keys: readonly string[]) => {
    let b = 0;
    for (const l of labels) b = Math.max(b, score(l, keys, k));
    return b;
  };

  const W = m + 1;
  const centred = (segs: readonly Segment[], at: number) => {
    const up = new Set<number>();
    const down = new Set<number>();
    for (const s of segs) {
      if (groups.has(s)) continue;
      if (s.line < at) up.add(s.line);
      else if (s.line > at) down.add(s.line);
    }
    return Math.abs(up.size - down.size) <= 1;
  };
  // S[i][b][a][r]: row i read as template row r, its label starting at starts[b] of gap i and
  // ending at ends[a] of gap i+1; 0 when the label does not name r. Label score first, centring
  // only decides between assignments whose labels score alike.
  const S: number[][][][] = [];
  for (let i = 0; i < m; i++) {
    const above = gaps[i] as Segment[];
    const below = gaps[i + 1] as Segment[];
    const at = (w.rows[i] as ValuesLine).line;
    S.push(
      (allowed[i] as Cuts).starts.map((b) =>
        (allowed[i + 1] as Cuts).ends.map((a) => {
          const segs = [...above.slice(b), ...(inline[i] as Segment[]), ...below.slice(0, a)];
          const v = variants(segs);
          const out = new Array<number>(T).fill(0);
          // A label names a row only if one starts with the other: the rows whose keys share its
          // first two characters are the only ones worth scoring.
          const rows = new Set<number>();
          for (const l of v) for (const r of k.byHead.get(l.slice(0, 2)) ?? []) rows.add(r);
          if (!rows.size) return out;
          const c = centred(segs, at) ? 1 : 0;
          for (const r of rows) {
            const x = best(v, k.rows[r] as string[]);
            if (x > 0) out[r] = x * W + c;
          }
          return out;
        }),
      ),
    );
  }
  const states = () => new Array<number>(T + 1).fill(NEG);
  // State r: the last template row used is r - 1 (0: none yet).
  // F[i][b][r]: best score of rows before i, row i's label starting at starts[b] of gap i.
  const F: number[][][] = [
    (allowed[0] as Cuts).starts.map(() => states().map((_, r) => (r === 0 ? 0 : NEG))),
  ];
  for (let i = 0; i < m; i++) {
    const fi = F[i] as number[][];
    const { ends, starts } = allowed[i + 1] as Cuts;
    // G[a][r]: best with row i's label ending at ends[a].
    const G = ends.map(() => states());
    fi.forEach((f, b) => {
      const Sb = (S[i] as number[][][])[b] as number[][];
      G.forEach((g, a) => {
        const Sa = Sb[a] as number[];
        let before = NEG; // best f over states < r
        for (let r = 0; r <= T; r++) {
          let v = f[r] as number;
          if (r > 0 && before > NEG && (Sa[r - 1] as number) > 0)
            v = Math.max(v, before + (Sa[r - 1] as number));
          if (v > (g[r] as number)) g[r] = v;
          if ((f[r] as number) > before) before = f[r] as number;
        }
      });
    });
    F.push(
      starts.map((b) => {
        const out = states();
        ends.forEach((a, ai) => {
          if (a > b) return;
          const g = G[ai] as number[];
          for (let r = 0; r <= T; r++) if ((g[r] as number) > (out[r] as number)) out[r] = g[r] as number;
        });
        return out;
      }),
    );
  }
  // Bk[i][b][r]: best score of rows i.. given row i's label starts at starts[b] of gap i.
  const Bk: number[][][] = new Array(m + 1);
  Bk[m] = (allowed[m] as Cuts).starts.map(() => new Array<number>(T + 1).fill(0));
  // H[i][a][r]: best of Bk[i][b][r] over the starts b at or after ends[a] of gap i.
  const H: number[][][] = new Array(m + 1);
  const hOf = (i: number) => {
    const { ends, starts } = allowed[i] as Cuts;
    const bk = Bk[i] as number[][];
    return ends.map((a) => {
      const out = states();
      starts.forEach((b, bi) => {
        if (b < a) return;
        const x = bk[bi] as number[];
        for (let r = 0; r <= T; r++) if ((x[r] as number) > (out[r] as number)) out[r] = x[r] as number;
      });
      return out;
    });
  };
  H[m] = hOf(m);
  for (let i = m - 1; i >= 0; i--) {
    const h = H[i + 1] as number[][];
    Bk[i] = (allowed[i] as Cuts).starts.map((_, b) => {
      const out = states();
      h.forEach((hx, a) => {
        const Sa = ((S[i] as number[][][])[b] as number[][])[a] as number[];
        let after = NEG; // best over states > r of S + hx
        for (let r = T; r >= 0; r--) {
          const v = Math.max(hx[r] as number, after);
          if (v > (out[r] as number)) out[r] = v;
          if (r > 0 && (Sa[r - 1] as number) > 0 && (hx[r] as number) > NEG)
            after = Math.max(after, (Sa[r - 1] as number) + (hx[r] as number));
        }
      });
      return out;
    });
    H[i] = hOf(i);
  }
  let total = NEG;
  for (const f of F[m] as number[][]) for (const v of f) total = Math.max(total, v);
  if (total <= 0) return null;

  // Each line's outcomes over all best assignments: the row it is read as, or none (-1).
  const certain = new Map<number, number>(); // template row → line
  const doubtful = new Set<number>();
  for (let i = 0; i < m; i++) {
    const outcomes = new Set<number>();
    const h = H[i + 1] as number[][];
    (F[i] as number[][]).forEach((f, b) => {
      h.forEach((hx, a) => {
        const Sa = ((S[i] as number[][][])[b] as number[][])[a] as number[];
        let before = NEG;
        for (let r = 0; r <= T; r++) {
          if ((f[r] as number) + (hx[r] as number) === total) outcomes.add(-1);
          if (
            r > 0 &&
            (Sa[r - 1] as number) > 0 &&
            before + (Sa[r - 1] as number) + (hx[r] as number) === total
          )
            outcomes.add(r - 1);
          if ((f[r] as number) > before) before = f[r] as number;
        }
      });
    });
    const named = [...outcomes].filter((r) => r >= 0);
    if (outcomes.size === 1 && named.length === 1) certain.set(named[0] as number, i);
    else for (const r of named) doubtful.add(r);
  }
  const read = [...certain]
    .sort((x, y) => x[0] - y[0])
    .map(([r, i]) => {
      const row = w.rows[i] as ValuesLine;
      const tr = t.rows[r] as TemplateRow;
      const placed = { cols: tr.cols.join(), n: tr.cols.length, values: row.values, spans: row.spans };
      return { tr, line: row.line, placed };
    });
  // Positions are the layout's only where its indentation survived: a values line with no label
  // text starts right of the label column. Copied from a viewer, lines lose their leading spaces
  // (that line starts at 0) and positions say nothing; with no such line, nothing shows which.
  const bare = w.rows.filter((r) => r.inline.length === 0);
  const positioned = bare.length > 0 && bare.every((r) => (r.spans[0]?.[0] ?? 0) > 0);
  const pieces: Piece[] = read.map(({ tr, line, placed }) =>
    newPiece(
      [{ text: tr.label, row: line, col: 0 }],
      // Blank cells print as nothing: a short row's values are placed by where they are printed.
      (positioned &&
        placeBlanks(
          placed,
          read.map((x) => x.placed),
        )) ||
        placed.values,
    ),
  );
  const ambiguous = [...doubtful].filter((r) => !certain.has(r)).map((r) => (t.rows[r] as TemplateRow).key);
  return { pieces, ambiguous };
}
