import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { numberedPageUrl, parseCreatePageHTML, parseHtmlList } from '../../../crawlers/discover/list-html.ts';
import { normalizeDate } from '../../../crawlers/discover/list-item.ts';
import { parseJsonList, queryPageUrl } from '../../../crawlers/discover/list-json.ts';
import { parseDirectory } from '../../../crawlers/discover/lists.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const style = { itemSelector: 'ul li', linkSelector: 'a', dateSelector: 'span' };

describe('static gzjkq list', () => {
  const pageUrl = 'https://gzjkq.ganzhou.gov.cn/jkqxxgk/c110056/list.shtml';
  const items = parseHtmlList(fixture('gzjkq-list.html'), pageUrl, style);

  it('reads every linked item with its full title (title attribute over the cut link text)', () => {
    expect(items.map((i) => i.title)).toEqual([
      '区财政局2022年政务公开工作要点',
      '区财政局2021年政府信息公开工作年度报告',
      '区财政局2020年政府信息公开工作年报',
    ]);
  });
  it('resolves relative links and drops fragments and javascript: links', () => {
    expect(items[1]!.url).toBe(
      'https://gzjkq.ganzhou.gov.cn/jkqxxgk/c110056/202201/0a1b2c3d0a1b2c3d0a1b2c3d0a1b2c3d.shtml',
    );
    expect(items[2]!.url.endsWith('.shtml')).toBe(true);
  });
  it('normalises dates from the span or, failing that, the item text', () => {
    expect(items.map((i) => i.date)).toEqual(['2022-03-02', '2022-01-20', '2021-01-18']);
  });
  it('names page n next to the first page', () => {
    expect(numberedPageUrl(pageUrl, 'list_{n}.shtml', 2)).toBe(
      'https://gzjkq.ganzhou.gov.cn/jkqxxgk/c110056/list_2.shtml',
    );
    expect(numberedPageUrl('https://h/a/index.html', 'index_{n}.html', 1)).toBe('https://h/a/index_1.html');
  });
});

describe('TRS createPageHTML list', () => {
  const pageUrl = 'https://h/trs/c1/index.html';
  it('derives every page URL from the createPageHTML call', () => {
    expect(parseCreatePageHTML(fixture('trs-rendered.html'), pageUrl)).toEqual([
      'https://h/trs/c1/index.html',
      'https://h/trs/c1/index_1.html',
      'https://h/trs/c1/index_2.html',
    ]);
  });
  it('reads the rendered items', () => {
    expect(parseHtmlList(fixture('trs-rendered.html'), pageUrl, style)).toEqual([
      {
        url: 'https://h/trs/c1/202201/t20220115_abc.html',
        title: '区教育局2021年政府信息公开工作年度报告',
        date: '2022-01-15',
      },
    ]);
  });
  it('returns null when the page has no pager script', () => {
    expect(parseCreatePageHTML(fixture('gzjkq-list.html'), pageUrl)).toBeNull();
  });
});

describe('JSON list', () => {
  const json = {
    ...style,
    json: {
      itemsPath: 'data',
      titleField: 'title',
      urlField: 'url',
      dateField: 'date',
      pageCountPath: 'pageCount',
    },
  };
  it('reads items and the page count, skipping untitled rows', () => {
    const { items, pageCount } = parseJsonList(
      fixture('jcms-list.json'),
      'https://h/jcms/api/list?col=c1&page=1',
      json,
    );
    expect(pageCount).toBe(2);
    expect(items).toEqual([
      {
        url: 'https://h/jcms/art/2024/art_1.html',
        title: '区交通运输局2023年政府信息公开工作年度报告',
        date: '2024-01-14',
      },
      {
        url: 'https://other.example/jcms/art/2024/art_2.html',
        title: '关于做好2023年度政府信息公开工作年度报告编制工作的通知',
        date: '2024-01-05',
      },
    ]);
  });
  it('fails clearly on a non-JSON answer or a wrong items path', () => {
    expect(() => parseJsonList('<html>', 'https://h/api', json)).toThrow(
      /https:\/\/h\/api: list answer is not JSON/,
    );
    expect(() => parseJsonList('{"rows":[]}', 'https://h/api', json)).toThrow(/no array at "data"/);
  });
  it('sets the page parameter', () => {
    expect(queryPageUrl('https://h/jcms/api/list?col=c1', 'page', 3)).toBe(
      'https://h/jcms/api/list?col=c1&page=3',
    );
  });
});

describe('directory and dates', () => {
  it("finds each agency's 年度报告 column", () => {
    const html = `<div class="bm" data-agency="区财政局"><h3>区财政局</h3><a href="/a/zcwj.shtml">政策文件</a> <a href="/a/list.shtml">年度报告</a></div>
      <div><strong>区教育局</strong><a href="/b/list.shtml">政府信息公开年度报告</a></div>`;
    expect(
      parseDirectory(html, 'https://h/dir/index.shtml', {
        paths: ['x'],
        linkSelector: 'a',
        linkText: '年度报告',
      }),
    ).toEqual([
      { path: 'https://h/a/list.shtml', agency: '区财政局' },
      { path: 'https://h/b/list.shtml', agency: '区教育局' },
    ]);
  });
  it.each([
    ['2022-1-5', '2022-01-05'],
    ['2022/01/05', '2022-01-05'],
    ['[2021年01月18日]', '2021-01-18'],
    ['发布日期：2024.02.29 10:00', '2024-02-29'],
    ['无日期', null],
  ])('%s → %s', (text, expected) => {
    expect(normalizeDate(text)).toBe(expected);
  });
});
