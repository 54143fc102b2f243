/**
 * Who published a report, decided from the printed name, the title and the source (pure).
 *
 * - A placeholder publisher (样本报告, 本网, 办公室, a site's name) is refused: it never becomes an
 *   agency. The title may still name the agency (`X局2020年政府信息公开工作年度报告`).
 * - The region is read off the name (南通市海门区市场监督管理局), else off the title when the title is
 *   that region followed by the name, else taken from the source's declared region; how is recorded.
 * - Identity = (scope, key). The scope is the region's code when one is known, else the source, so
 *   same-named agencies of different places (two portals' 区财政局) stay apart. The key is the
 *   normalised name without its place prefix, marked with its tier, so 赣州经开区市场监督管理局 and a
 *   bare 区市场监管分局 of the same zone are one agency, and 市财政局 / 区财政局 are two.
 */
import { placeholderReason } from '../extractors/agency-name.ts';
import { toSimplified } from '../extractors/script.ts';
import { agencyKey } from './agency-key.ts';
import { type Division, type DivisionLevel, divisions } from './regions.ts';

// Declared once, in the extractor (it keeps a title's agency over a placeholder publisher too).
export { placeholderReason };

export type AgencyKind = 'government' | 'department';
export type RegionMethod = 'name' | 'title' | 'source';

export interface AgencyIdentity {
  /** The name as printed, trimmed. */
  name: string;
  scope: string;
  key: string;
  regionCode: string | null;
  regionName: string | null;
  regionMethod: RegionMethod | null;
  /** The text the region was read from (`南通市海门区`, the title, `source gzjkq`). */
  regionEvidence: string | null;
  level: DivisionLevel | null;
  kind: AgencyKind;
}

export interface IdentifyInput {
  name: string | null | undefined;
  title?: string | null;
  /** The source's declared region (a code or a place name), if any. */
  sourceRegion?: string | null;
  sourceId?: number | null;
  sourceName?: string | null;
}

export type Identified =
  | { ok: true; identity: AgencyIdentity; fromTitle: boolean; refused: string | null }
  | { ok: false; refused: string | null };

/** The agency a title names before its year: `X局2020年政府信息公开工作年度报告` → X局. */
export function agencyFromTitle(title: string | null | undefined): string | null {
  if (!title) return null;
  const printed = title.normalize('NFKC').replace(/\s+/g, '');
  // Matched in simplified characters (關於 is 关于), returned as printed.
  const plain = toSimplified(printed);
  const m = /^(.{3,40}?)(?:关于)?(?:19|20)\d{2}\s*年/.exec(plain);
  const a = m?.[1];
  if (!a || placeholderReason(a) !== null) return null;
  return plain.length === printed.length ? printed.slice(0, a.length) : a;
}

const GOVERNMENT = /^(?:人民政府|政府|管理委员会|管委会|街道办事处|办事处|街道工作委员会)$/;
/** A leading 区/县/市… with no place name: "the district's …" (区市场监管局). */
const GENERIC_TIER: Array<[RegExp, DivisionLevel]> = [
  [/^省(?!份)/, 'province'],
  [/^市(?!场|民|政)/, 'city'],
  [/^(?:区|县|旗)/, 'county'],
  [/^(?:镇|乡|街道)/, 'township'],
];
const ZONE = /(?:开发区|高新区|新区|园区)$/;

/** A development zone is run like a county, whatever depth the statistics file it at. */
const tierOf = (d: Division): DivisionLevel => (ZONE.test(d.name) ? 'county' : d.level);

/** A declared region (a GB/T 2260 code or a place name such as 赣州经开区) → its division, if known. */
export function resolveRegion(region: string | null | undefined): Division | null {
  if (!region) return null;
  const idx = divisions();
  if (/^\d{6}(?:\d{3})?$/.test(region)) return idx.get(region);
  const m = idx.matchPrefix(toSimplified(region.normalize('NFKC')).replace(/\s+/g, ''));
  return m && m.length === region.replace(/\s+/g, '').length ? m.division : (m?.division ?? null);
}

/** Identity and description of the publisher of one report. */
export function identifyAgency(input: IdentifyInput): Identified {
  // Text markup around a name read from a heading or a list (`# X局`, `* X局`) is not part of it.
  let name =
    input.name
      ?.normalize('NFKC')
      .replace(/\s+/g, ' ')
      .replace(/^[#>*+\-•·\s]+|[*\s]+$/g, '') ?? '';
  let refused: string | null = null;
  let fromTitle = false;
  // 本網 is 本网: placeholders, places and keys are matched in simplified characters.
  const why = placeholderReason(toSimplified(name));
  if (why) {
    refused = `publisher "${name}" is ${why}`;
    const t = agencyFromTitle(input.title);
    if (!t) return { ok: false, refused };
    name = t;
    fromTitle = true;
  }
  if (!agencyKey(name)) return { ok: false, refused };
  const idx = divisions();
  // The name as printed is kept (identity.name); region, tier and key are read from its
  // simplified form, so a name printed in 繁體 is the same agency as its simplified spelling.
  const compact = toSimplified(name).replace(/\s+/g, '');
  const source = resolveRegion(input.sourceRegion);

  let region: Division | null = null;
  let method: RegionMethod | null = null;
  let evidence: string | null = null;
  let rest = compact;
  const own = idx.matchPrefix(compact, source?.code ?? null);
  if (own) {
    region = own.division;
    method = 'name';
    evidence = compact.slice(0, own.length);
    rest = compact.slice(own.length);
  } else {
    const title = input.title ? toSimplified(input.title.normalize('NFKC')).replace(/\s+/g, '') : '';
    const t = title ? idx.matchPrefix(title, source?.code ?? null) : null;
    if (t && title.slice(t.length).startsWith(compact)) {
      region = t.division;
      method = 'title';
      evidence = title.slice(0, t.length);
    } else if (source) {
      region = source;
      method = 'source';
      evidence = `source ${input.sourceName ?? input.sourceId ?? ''} (${input.sourceRegion})`.trim();
    }
  }

  let tier: DivisionLevel | null = null;
  for (const [re, level] of GENERIC_TIER) {
    const m = re.exec(rest);
    if (m && rest.length > m[0].length) {
      tier = level;
      rest = rest.slice(m[0].length);
      break;
    }
  }
  if (!tier && region) tier = tierOf(region);
  // A place prefix the divisions do not know (示范区…) stays part of the key.
  const key = `${tier ?? '?'}:${agencyKey(rest) ?? agencyKey(compact)}`;
  const scope = region
    ? `r:${region.code}`
    : input.sourceId !== null && input.sourceId !== undefined
      ? `s:${input.sourceId}`
      : '';
  return {
    ok: true,
    fromTitle,
    refused,
    identity: {
      name,
      scope,
      key,
      regionCode: region?.code ?? null,
      regionName: region ? idx.path(region.code) : null,
      regionMethod: method,
      regionEvidence: evidence,
      level: tier,
      kind: GOVERNMENT.test(rest) ? 'government' : 'department',
    },
  };
}
