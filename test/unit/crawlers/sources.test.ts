import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSources } from '../../../crawlers/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'xxgk-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

describe('loadSources', () => {
  it('always has the built-in gzjkq source, validated with its defaults', () => {
    const [gzjkq, ...rest] = loadSources();
    expect(rest).toEqual([]);
    expect(gzjkq).toMatchObject({
      id: 'gzjkq',
      baseUrl: 'https://gzjkq.ganzhou.gov.cn',
      render: 'static',
      rateLimit: { minIntervalMs: 1000 },
      allowPrivate: false,
      list: {
        itemSelector: 'ul li',
        linkSelector: 'a',
        paging: { style: 'numbered', template: 'list_{n}.shtml', start: 1 },
      },
      titleFilter: { include: '年度报告|年报', exclude: '要点|通知' },
    });
  });

  it('adds file entries on top of their preset, keeping preset fields the entry does not state', () => {
    const sources = loadSources(
      file('ok.json', {
        sources: [
          {
            id: 'nb-trs',
            preset: 'trs',
            baseUrl: 'https://www.nb.gov.cn',
            lists: [{ path: '/col/nb/index.html' }],
            list: { itemSelector: '.list li' },
          },
          {
            id: 'jcms-x',
            preset: 'jcms',
            baseUrl: 'https://x.gov.cn',
            lists: [{ path: '/api?col=1', agency: '某局' }],
            rateLimit: { minIntervalMs: 2000 },
          },
        ],
      }),
    );
    expect(sources.map((s) => s.id)).toEqual(['gzjkq', 'nb-trs', 'jcms-x']);
    expect(sources[1]!.list).toMatchObject({ itemSelector: '.list li', paging: { style: 'createPageHTML' } });
    expect(sources[2]!.list.format).toBe('json');
    expect(sources[2]!.rateLimit.minIntervalMs).toBe(2000);
  });

  it('lets an entry with the built-in id override it', () => {
    const sources = loadSources(file('override.json', [{ id: 'gzjkq', rateLimit: { minIntervalMs: 3000 } }]));
    expect(sources).toHaveLength(1);
    expect(sources[0]!.rateLimit.minIntervalMs).toBe(3000);
    expect(sources[0]!.baseUrl).toBe('https://gzjkq.ganzhou.gov.cn');
  });

  it.each([
    ['bad-url.json', [{ id: 'a', baseUrl: 'not a url' }], /sources\[0\] "a": field baseUrl/],
    [
      'bad-regex.json',
      [{ id: 'b', baseUrl: 'https://b.gov.cn', titleFilter: { include: '年报(' } }],
      /"b": field titleFilter\.include: not a valid regular expression/,
    ],
    [
      'bad-paging.json',
      [{ id: 'c', baseUrl: 'https://c.gov.cn', list: { paging: { style: 'infinite' } } }],
      /"c": field list\.paging\.style/,
    ],
    [
      'bad-preset.json',
      [{ id: 'd', preset: 'wordpress', baseUrl: 'https://d.gov.cn' }],
      /"d": preset "wordpress" is not one of/,
    ],
    [
      'dupe.json',
      [
        { id: 'e', baseUrl: 'https://e.gov.cn' },
        { id: 'e', baseUrl: 'https://e.gov.cn' },
      ],
      /sources\[1\] "e": duplicate id/,
    ],
    ['bad-id.json', [{ id: 'Has Space', baseUrl: 'https://e.gov.cn' }], /field id/],
  ])('rejects %s with an error naming the file, source and field', (name, content, message) => {
    const p = file(name, content);
    expect(() => loadSources(p)).toThrow(message);
    expect(() => loadSources(p)).toThrow(
      expect.objectContaining({ code: 'sources.invalid', message: expect.stringContaining(p) }),
    );
  });

  it('rejects unreadable and mis-shaped files', () => {
    expect(() => loadSources(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read sources/);
    expect(() => loadSources(file('junk.json', '{nope'))).toThrow(/junk\.json: cannot read sources/);
    expect(() => loadSources(file('shape.json', { items: [] }))).toThrow(/expected an array of sources/);
  });
});
