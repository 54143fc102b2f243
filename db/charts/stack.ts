/** Stacked-bar arithmetic: which series share a bar, and where each segment starts and ends. */

export interface BarSeries {
  key: string;
  label: string;
  color: string;
  /** One value per category; null = not reported. */
  values: Array<number | null>;
  /** Series with the same stack id are stacked in one bar; others stand beside it. Default: own bar. */
  stack?: string;
}

export interface Segment {
  series: BarSeries;
  value: number;
  y0: number;
  y1: number;
}

export interface StackGroup {
  id: string;
  series: BarSeries[];
  /** segments[category] = the non-empty segments of that bar, bottom first. */
  segments: Segment[][];
  /** totals[category] = top of the bar; null when every value of the bar is null. */
  totals: Array<number | null>;
}

/**
 * Groups series into bars and stacks them. Negative and null values take no height (counts can't
 * be negative; a stray negative must not pull a stack below the axis), but a bar whose values are
 * all null keeps a null total so "not reported" differs from 0.
 */
export function stackGroups(series: BarSeries[], categories: number): StackGroup[] {
  const groups = new Map<string, BarSeries[]>();
  for (const s of series) {
    const id = s.stack ?? `series:${s.key}`;
    groups.set(id, [...(groups.get(id) ?? []), s]);
  }
  return [...groups].map(([id, members]) => {
    const segments: Segment[][] = [];
    const totals: Array<number | null> = [];
    for (let c = 0; c < categories; c++) {
      let top = 0;
      let any = false;
      const bar: Segment[] = [];
      for (const s of members) {
        const v = s.values[c];
        if (v === null || v === undefined || !Number.isFinite(v)) continue;
        any = true;
        if (v <= 0) continue;
        bar.push({ series: s, value: v, y0: top, y1: top + v });
        top += v;
      }
      segments.push(bar);
      totals.push(any ? top : null);
    }
    return { id, series: members, segments, totals };
  });
}

/** The largest bar of all groups (0 when there is none). */
export function maxTotal(groups: StackGroup[]): number {
  let m = 0;
  for (const g of groups) for (const t of g.totals) if (t !== null && t > m) m = t;
  return m;
}
