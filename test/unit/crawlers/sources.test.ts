import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_TITLE_FILTER } from '../../../config/sources/annual-report.ts';
import { DEFAULT_SOURCES_FILE, defineSource } from '../../../config/sources/load.ts';
import { PRESET_NAMES, PRESETS } from '../../../config/sources/presets.ts';
import { attachmentSelector } from '../../../config/sources/schema.ts';
import { loadSources } from '../../../crawlers/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'xxgk-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

describe('loadSources', () => {
  it('without a file, has the default sources file: the gzjkq portal, from the gzjkq preset', () => {
    const [gzjkq, ...rest] = loadSources();
    expect(rest).toEqual([]);
    expect(loadSources(DEFAULT_SOURCES_FILE)).toEqual([gzjkq]);
    expect(gzjkq).toMatchObject({
      id: 'gzjkq',
      preset: 'gzjkq',
      baseUrl: 'https://gzjkq.ganzhou.gov.cn',
      directory: { paths: ['/jkqxxgk/bmxxgkml/index.shtml'], linkText: '年度报告' },
      render: 'static',
      rateLimit: { minIntervalMs: 1000 },
      allowPrivate: false,
      list: {
        itemSelector: 'ul li',
        linkSelector: 'a',
        paging: { style: 'numbered', template: 'list_{n}.shtml', start: 1 },
      },
      titleFilter: DEFAULT_TITLE_FILTER,
    });
  });

  it('a file decides which sources exist: gzjkq only when declared', () => {
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
    expect(sources.map((s) => s.id)).toEqual(['nb-trs', 'jcms-x']);
    expect(sources[0]!.list).toMatchObject({ itemSelector: '.list li', paging: { style: 'createPageHTML' } });
    expect(sources[1]!.list.format).toBe('json');
    expect(sources[1]!.rateLimit.minIntervalMs).toBe(2000);
  });

  it('merges an entry into its preset all the way down, and replaces a paging of another style', () => {
    const s = defineSource({
      id: 'ep',
      preset: 'epoint',
      baseUrl: 'https://ep.gov.cn',
      list: { json: { itemsPath: 'custom.list' }, paging: { style: 'query', param: 'pageNo' } },
    });
    expect(s.list.json).toMatchObject({
      itemsPath: 'custom.list',
      urlField: 'infourl',
      totalPath: 'custom.total',
    });
    // Same style: fields the entry does not state come from the preset.
    expect(s.list.paging).toEqual({ style: 'query', param: 'pageNo', first: 0 });
    const n = defineSource({
      id: 'n',
      preset: 'hanweb',
      baseUrl: 'https://n.gov.cn',
      list: { paging: { style: 'numbered', template: 'index_{n}.html' } },
    });
    expect(n.list.paging).toEqual({ style: 'numbered', template: 'index_{n}.html', start: 1 });
  });

  it('every preset is a valid declaration, with an attachment selector where its family puts them', () => {
    for (const name of PRESET_NAMES) {
      const s = defineSource({ id: name, preset: name, baseUrl: 'https://p.gov.cn' });
      expect(s.detail.attachmentSelector, name).toBeTruthy();
      expect(attachmentSelector(s)).toBe(PRESETS[name].detail.attachmentSelector);
    }
    expect(
      attachmentSelector(defineSource({ id: 't', preset: 'trs', baseUrl: 'https://t.gov.cn' })),
    ).toContain('div.fj');
    // Without a preset or a statement, attachments are looked for in the content container.
    expect(attachmentSelector(defineSource({ id: 'p', baseUrl: 'https://p.gov.cn' }))).toBe(
      '.content, #zoom, .TRS_Editor, article',
    );
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
      [{ id: 'd', preset: 'hanwb', baseUrl: 'https://d.gov.cn' }],
      /"d": preset "hanwb" is not one of .*\(did you mean "hanweb"\?\)/,
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
    [
      'unknown-top.json',
      [{ id: 'f', baseUrl: 'https://f.gov.cn', listt: { itemSelector: 'li' } }],
      /sources\[0\] "f": unknown key "listt" \(did you mean "lists" or "list"\?\)/,
    ],
    [
      'unknown-nested.json',
      [{ id: 'g', preset: 'trs', baseUrl: 'https://g.gov.cn', list: { itemSelectr: 'li' } }],
      /"g": unknown key "itemSelectr" in list \(did you mean "itemSelector"\?\)/,
    ],
    [
      'unknown-paging.json',
      [
        {
          id: 'h',
          baseUrl: 'https://h.gov.cn',
          list: { paging: { style: 'numbered', templat: 'p_{n}.html' } },
        },
      ],
      /"h": unknown key "templat" in list\.paging \(did you mean "template"\?\)/,
    ],
    [
      'unknown-list-entry.json',
      [{ id: 'i', baseUrl: 'https://i.gov.cn', lists: [{ path: '/a', agnecy: '某局' }] }],
      /"i": unknown key "agnecy" in lists\[0\] \(did you mean "agency"\?\)/,
    ],
    [
      'unknown-far.json',
      [{ id: 'j', baseUrl: 'https://j.gov.cn', detail: { zzz: 1 } }],
      /"j": unknown key "zzz" in detail \(valid keys: contentSelector, attachmentSelector\)/,
    ],
    ['unknown-file-key.json', { source: [] }, /unknown-file-key\.json: expected an array of sources/],
    [
      'unknown-file-key2.json',
      { sources: [], $schema: 'x', comment: 'hi' },
      /unknown-file-key2\.json: unknown key "comment"/,
    ],
  ])('rejects %s with an error naming the file, source and field', (name, content, message) => {
    const p = file(name, content);
    expect(() => loadSources(p)).toThrow(message);
    expect(() => loadSources(p)).toThrow(
      expect.objectContaining({ code: 'sources.invalid', message: expect.stringContaining(p) }),
    );
  });

  it('lists every problem of an entry, unknown keys first', () => {
    const p = file('several.json', [
      { id: 'k', baseUrl: 'nope', concurency: 3, list: { pagng: { style: 'none' } } },
    ]);
    let message = '';
    try {
      loadSources(p);
    } catch (err) {
      message = (err as Error).message;
    }
    const lines = message.split('\n').map((l) => l.trim());
    expect(lines[0]).toBe(`${p}: sources[0] "k":`);
    expect(lines.slice(1, 3).sort()).toEqual([
      'unknown key "concurency" (did you mean "concurrency"?)',
      'unknown key "pagng" in list (did you mean "paging"?)',
    ]);
    expect(lines[3]).toMatch(/^field baseUrl: /);
  });

  it('rejects unreadable, mis-shaped and empty files', () => {
    expect(() => loadSources(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read sources/);
    expect(() => loadSources(file('junk.json', '{nope'))).toThrow(/junk\.json: cannot read sources/);
    expect(() => loadSources(file('shape.json', { items: [] }))).toThrow(/expected an array of sources/);
    expect(() => loadSources(file('empty.json', { sources: [] }))).toThrow(/empty\.json: declares no source/);
  });
});
