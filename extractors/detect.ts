/** Which national template a table follows, from its header and row labels, never from the year. */
import { labelKey } from './labels.ts';
import type { Piece } from './match.ts';
import { readingTraditional, simplified } from './script.ts';
import { active2019, active2021, requests2021 } from './templates/index.ts';

const keys = (xs: readonly string[]) => xs.map(labelKey);
const ACTIVE_2019 = keys([...active2019.markers, '其他对外管理服务事项', '政府集中采购']);
const ACTIVE_2021 = keys([...active2021.markers, '行政规范性文件']);
const REQUESTS_2021 = keys([...requests2021.markers, '不再处理其政府信息公开申请']);

function hits(text: string, markers: readonly string[]): number {
  let n = 0;
  for (const m of markers) if (m && text.includes(m)) n++;
  return n;
}

// The comma-rows tokenizer and the template detection both ask for one table's key.
let last: { lines: readonly string[]; traditional: boolean; key: string } | null = null;

// The characters a key keeps: CJK unified ideographs, ASCII letters and digits.
const KEPT = new Uint8Array(0x10000);
KEPT.fill(1, 0x4e00, 0xa000);
KEPT.fill(1, 0x30, 0x3a);
KEPT.fill(1, 0x41, 0x5b);
KEPT.fill(1, 0x61, 0x7b);

/** `lines` joined with every character KEPT does not keep left out (no joined copy, no regex). */
function keptText(lines: readonly string[]): string {
  let out = '';
  for (const l of lines) {
    let start = -1;
    for (let i = 0; i < l.length; i++) {
      if (KEPT[l.charCodeAt(i)] === 1) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        out += l.slice(start, i);
        start = -1;
      }
    }
    if (start >= 0) out += start === 0 ? l : l.slice(start);
  }
  return out;
}

/** The region's text in label-key form (no spaces, punctuation or numbering noise). */
export function regionKey(lines: readonly string[]): string {
  const traditional = readingTraditional();
  if (last?.lines !== lines || last.traditional !== traditional)
    last = { lines, traditional, key: simplified(keptText(lines)) };
  return last.key;
}

/**
 * The active table's template from the header words and row labels only one template prints;
 * null when none is visible, or as many of each (a guess either way would be a false finding).
 */
export function detectActive(key: string): '2019' | '2021' | null {
  const a = hits(key, ACTIVE_2019);
  const b = hits(key, ACTIVE_2021);
  if (a === b) return null;
  return b > a ? '2021' : '2019';
}

/**
 * The requests table's template from what differs between the two: the 2021 rows under
 * （六）其他处理 (`逾期不补正`, …), or the 2019 single （六）其他处理 row holding values
 * (`other2019` is whether such a row was read). Only shared rows visible → null: unknown.
 */
export function detectRequests(key: string, other2019: boolean): '2019' | '2021' | null {
  if (hits(key, REQUESTS_2021) > 0) return '2021';
  return other2019 ? '2019' : null;
}

/** A piece whose own label is （六）其他处理 and which holds values: the 2019 template's row. */
export function isOther2019(p: Piece): boolean {
  const last = p.labels[p.labels.length - 1];
  return (
    last !== undefined && labelKey(last.text) === OTHER && p.values.some((v) => !v.mark && v.text !== '')
  );
}

const OTHER = labelKey('（六）其他处理');
