/**
 * Whether a printed publisher name is an agency at all. Portals print placeholders where the
 * publisher belongs (样本报告, 本网, 办公室, the site's or a column's name, a title fragment); such a
 * name never becomes a report's agency. Declared here, once: the extractor uses it to keep the
 * agency a title names over a placeholder publisher, the dataset (db/agency-identity.ts) to refuse
 * a placeholder that is all a report has.
 */
import { simplified } from './script.ts';

const PLACEHOLDERS = new Set([
  '样本报告',
  '本网',
  '本站',
  '本机关',
  '本单位',
  '办公室',
  '综合办公室',
  '管理员',
  '系统管理员',
  '网站管理员',
  'admin',
  'administrator',
  '未知',
  '无',
  '暂无',
  '其他',
  '发布机构',
  '信息来源',
  '来源',
  '作者',
  '编辑',
  '佚名',
  '默认',
  '测试',
]);
/** Site and section names, title fragments. */
const NOT_AN_AGENCY =
  /网站|门户|政府网|信息网|本网|本站|平台$|频道$|栏目$|专栏$|网$|报告$|年报$|要点$|^(?:政府)?信息公开|^政务公开/;
const AGENCY_SUFFIX =
  /(?:局|委|委员会|院|办|办公室|中心|政府|站|所|处|队|会|部|厅|室|馆|社|司|署|团|园区|管委会|街道|街道办事处|镇|乡|监狱|公司|银行|学校|学院|大学|医院|集团|指挥部|小组|科|股|组)$/;

const HAN = /\p{Script=Han}/u;

/**
 * `s` in NFKC. A name of ASCII and CJK unified ideographs only (nearly every one) is its own NFKC
 * form: neither has a decomposition or composes with its neighbour, so ICU is not asked.
 */
function nfkc(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 && (c < 0x4e00 || c > 0x9fff)) return s.normalize('NFKC');
  }
  return s;
}

/** Why `name` is not an agency (a placeholder, a site's name, a title fragment…), or null when it may be one. */
export function placeholderReason(name: string | null | undefined): string | null {
  if (!name) return null;
  const n = nfkc(simplified(name)).replace(/\s+/g, '');
  if (n === '') return null;
  if (PLACEHOLDERS.has(n) || PLACEHOLDERS.has(n.toLowerCase())) return 'a placeholder publisher';
  if (!HAN.test(n)) return 'not a Chinese agency name';
  if (NOT_AN_AGENCY.test(n)) return 'a site, column or title, not an agency';
  if (n.length < 3 || !AGENCY_SUFFIX.test(n)) return 'no agency-type ending (局, 委, 办, 中心, 政府 …)';
  return null;
}

/** The name compared (not stored): width, spaces, brackets and the long forms of common words folded. */
function compareKey(name: string): string {
  // 繁體 and simplified spellings of one name are one name (`區財政局` / `区财政局`).
  return nfkc(simplified(name))
    .replace(/[\s()（）]/g, '')
    .replace(/监督管理/g, '监管')
    .replace(/人民政府/g, '政府')
    .replace(/委员会/g, '委')
    .replace(/办公室/g, '办');
}

/**
 * Whether two printed names can be the same agency: equal once folded, or one the other with a
 * place prefix (`赣州经开区财政局` / `区财政局`, `市财政局`). Anything else is a disagreement.
 */
export function sameAgency(a: string, b: string): boolean {
  const x = compareKey(a);
  const y = compareKey(b);
  if (x === y) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  // The shorter must keep its own ending word: 局 alone is no name.
  return short.length >= 3 && long.endsWith(short.replace(/^[省市区县镇乡]/, ''));
}
