/**
 * Table labels as OCR reads them, held against the labels the national templates print.
 *
 * `snapLabel`: a label cell read with a character or two wrong (`禁止` → `茜止`) is replaced by the
 * template's label when exactly one template label is that close; labels are words, never numbers,
 * and a label nobody can place would only lose its row. `rowLabelOk`: a row's values are kept only
 * when its label is the template row's (or that label plus a bracketed note, `规章（市政府令）`): a
 * misread label must never hand its numbers to another row (`2.其他法律…` read loosely is not `3.其他`).
 */
import { labelKey } from '../labels.ts';
import type { TemplateRow } from '../templates/index.ts';
import { TEMPLATES } from '../templates/index.ts';

interface Known {
  text: string;
  key: string;
}

let known: Known[] | undefined;

/** Every label and header the templates print (rows, aliases, groups, columns) and the table layouts' captions. */
function knownLabels(): Known[] {
  if (known) return known;
  const texts = new Set<string>([
    '信息内容',
    '申请人情况',
    '法人或其他组织',
    '行政复议',
    '行政诉讼',
    '未经复议直接起诉',
    '复议后起诉',
    '结果维持',
    '结果纠正',
    '其他结果',
    '尚未审结',
    '总计',
    '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
  ]);
  for (const byVersion of Object.values(TEMPLATES)) {
    for (const t of Object.values(byVersion)) {
      for (const r of t.rows) {
        if (r.label) texts.add(r.label);
        for (const a of r.aliases ?? []) texts.add(a);
        for (const g of r.groups ?? []) texts.add(g);
      }
      for (const c of Object.values(t.columns)) texts.add(c.label);
    }
  }
  known = [...texts].map((text) => ({ text, key: labelKey(text) })).filter((k) => k.key.length >= 2);
  return known;
}

/** The label the templates print whose key is `key`, or null. */
export function knownLabel(key: string): string | null {
  return knownLabels().find((k) => k.key === key)?.text ?? null;
}

/** Levenshtein distance, stopping early past `max`. */
export function distance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** The template label this reading is a near miss of, or the reading itself. */
export function snapLabel(text: string): string {
  const key = labelKey(text);
  if (key.length < 2 || !/[\u4e00-\u9fff]/.test(key)) return text;
  const all = knownLabels();
  if (all.some((k) => k.key === key)) return text;
  const allowed = Math.max(1, Math.floor(key.length / 6));
  let best: Known | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  let second = Number.POSITIVE_INFINITY;
  for (const k of all) {
    const d = distance(key, k.key, allowed + 2);
    if (d < bestD) {
      second = bestD;
      bestD = d;
      best = k;
    } else if (d < second) second = d;
  }
  if (!best || bestD > allowed || second <= bestD + 1) return text;
  return best.text;
}

/** Whether `label` (an OCR'd row label) names template row `row`. */
export function rowLabelOk(label: string, row: TemplateRow): boolean {
  const key = labelKey(label);
  const keys = [row.label, ...(row.aliases ?? [])].map(labelKey);
  if (keys.includes(key)) return true;
  // A bracketed note after the label (`规章（市政府令）`), or the parent group before it.
  const note = /^(.*?)[（(][^（）()]*[)）]\s*$/.exec(label.trim());
  if (note && keys.includes(labelKey(note[1]!))) return true;
  return keys.some(
    (k) => k.length >= 2 && key.endsWith(k) && (row.groups ?? []).some((g) => key.startsWith(labelKey(g))),
  );
}
