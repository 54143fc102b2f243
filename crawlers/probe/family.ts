/**
 * Which CMS family a page comes from, from the marks each leaves in its URLs and markup. The evidence
 * is kept so the probe can say why; no mark at all is the `generic` family, said as such.
 */
import type { PresetName } from '../../config/sources/presets.ts';

export interface FamilyGuess {
  preset: PresetName;
  evidence: string[];
}

interface Mark {
  preset: PresetName;
  test: RegExp;
  says: string;
  /** Where to look. */
  in: 'url' | 'text';
}

const MARKS: Mark[] = [
  {
    preset: 'hanweb',
    in: 'text',
    test: /<datastore>[\s\S]*?<recordset>/i,
    says: '<datastore><recordset> records in the page (大汉 JCMS)',
  },
  { preset: 'hanweb', in: 'url', test: /\/col\/col\d+\//, says: '/col/colNNN/ column URL (大汉 JCMS)' },
  {
    preset: 'hanweb',
    in: 'text',
    test: /\/module\/(web\/jpage|jslib\/jquery\/jpage|download\/downfile\.jsp)/i,
    says: '大汉 /module/ scripts',
  },
  {
    preset: 'hanweb-proxy',
    in: 'url',
    test: /\/module\/web\/jpage\/dataproxy\.jsp/i,
    says: 'dataproxy.jsp endpoint (大汉 JCMS)',
  },
  { preset: 'trs', in: 'text', test: /createPageHTML\s*\(/, says: 'createPageHTML(…) pager (TRS WCM)' },
  { preset: 'trs', in: 'text', test: /TRS_Editor|trs_editor|content="TRS/i, says: 'TRS markup' },
  { preset: 'trs', in: 'url', test: /\/t\d{8}_\d+\.s?html?$/, says: 'tYYYYMMDD_N.html detail URL (TRS WCM)' },
  {
    preset: 'epoint',
    in: 'url',
    test: /EpointWebBuilder|frontAppCustomAction|\/EWB-FRONT\//i,
    says: 'EpointWebBuilder endpoint (新点)',
  },
  { preset: 'epoint', in: 'text', test: /"infodata"|class="ewb-/i, says: 'Epoint markup (infodata / ewb-)' },
  {
    preset: 'jiyue',
    in: 'url',
    test: /jpaas-publish-server|\/api-gateway\//i,
    says: 'jpaas publish server (集约化平台)',
  },
  {
    preset: 'gzjkq',
    in: 'url',
    test: /\/list(_\d+)?\.shtml$/i,
    says: 'list.shtml / list_N.shtml column (赣州 jkqxxgk style)',
  },
];

/** Marks of every family on the page; the family with the most (URL marks break ties) wins. */
export function recogniseFamily(url: string, text: string): FamilyGuess {
  const hits = new Map<PresetName, string[]>();
  for (const mark of MARKS) {
    const subject = mark.in === 'url' ? url : text;
    if (!mark.test.test(subject)) continue;
    hits.set(mark.preset, [...(hits.get(mark.preset) ?? []), mark.says]);
  }
  // A dataproxy endpoint answer is the proxy variant even though its records look like the page's.
  if (hits.has('hanweb-proxy')) return { preset: 'hanweb-proxy', evidence: hits.get('hanweb-proxy')! };
  const best = [...hits].sort((a, b) => b[1].length - a[1].length)[0];
  if (!best) return { preset: 'generic', evidence: ['no CMS mark found: generic list reading'] };
  return { preset: best[0], evidence: best[1] };
}
