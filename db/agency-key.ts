/**
 * Agency identity across years (pure). Names drift: 区市场监管分局 / 区市场监督管理局, full-width
 * brackets, stray spaces, traditional characters (區市場監督管理局, from a portal's 繁體 version).
 * The key folds those variants; the original spellings go to agency_aliases. The conversion to
 * simplified characters (opencc-js, as the extractor matches labels) is for the key only: the
 * name is stored as printed.
 */
import { toSimplified } from '../extractors/script.ts';

/** Synonyms folded to one spelling, longest first. */
const SYNONYMS: Array<[RegExp, string]> = [
  [/监督管理/g, '监管'],
  [/人民政府办公室/g, '政府办公室'],
  [/办公室$/g, '办'],
];

/** The normalised key of an agency name; null for a blank name. */
export function agencyKey(name: string | null | undefined): string | null {
  if (!name) return null;
  let s = toSimplified(name.normalize('NFKC'));
  s = s.replace(/[\s\u3000]+/g, '');
  // Parenthesised qualifiers (（知识产权局）, (挂牌)) do not change the agency.
  s = s.replace(/[(（][^()（）]*[)）]/g, '');
  s = s.replace(/[\p{P}\p{S}]/gu, '');
  for (const [re, to] of SYNONYMS) s = s.replace(re, to);
  // A district branch (分局) and a bureau (局) of the same name are one agency.
  s = s.replace(/分局$/, '局');
  return s === '' ? null : s;
}

const REGION_SEGMENT =
  /^(.{1,8}?(?:自治区|自治州|特别行政区|省|市|州|盟|地区|县|旗|新区|经开区|开发区|高新区|区))/u;
const AGENCY_WORDS = /(局|委|办|院|厅|部|中心|政府|所|站|队|会)/;

/**
 * The administrative region a name starts with (江西省赣州市章贡区…, 赣州经开区…, 聊城市…), or null.
 * Segments are consumed while they look like places, not like agencies (市场监管局 starts with 市).
 */
export function regionFromName(name: string | null | undefined): string | null {
  if (!name) return null;
  let rest = toSimplified(name.normalize('NFKC')).replace(/\s+/g, '');
  let region = '';
  for (;;) {
    const m = REGION_SEGMENT.exec(rest);
    if (!m) break;
    const seg = m[1]!;
    // 市场 (market) is not a 市 (city): 区市场监管分局 names no region.
    if (AGENCY_WORDS.test(seg) || seg.startsWith('市场') || rest.slice(seg.length).startsWith('场')) break;
    region += seg;
    rest = rest.slice(seg.length);
  }
  return region === '' ? null : region;
}
