/** Which national template a table follows, from its header and row labels, never from the year. */
import { labelKey } from './labels.ts';
import { simplified } from './script.ts';
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

/** The region's text in label-key form (no spaces, punctuation or numbering noise). */
export function regionKey(lines: readonly string[]): string {
  return simplified(lines.join('').replace(/[^\u4e00-\u9fffA-Za-z0-9]+/g, ''));
}

export function detectActive(key: string): '2019' | '2021' | null {
  const a = hits(key, ACTIVE_2019);
  const b = hits(key, ACTIVE_2021);
  if (a === 0 && b === 0) return null;
  return b > a ? '2021' : '2019';
}

export function detectRequests(key: string): '2019' | '2021' {
  return hits(key, REQUESTS_2021) > 0 ? '2021' : '2019';
}
