/** The probe's pieces and the list readers it relies on, on markup variations seen in the wild. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  attachmentType,
  contentDispositionFilename,
  findAttachments,
} from '../../../crawlers/attachments.ts';
import {
  datastoreRecords,
  parseDatastore,
  readCreatePageHTML,
  statedPageCount,
} from '../../../crawlers/discover/list-html.ts';
import { normalizeDateValue } from '../../../crawlers/discover/list-item.ts';
import { parseJsonList, queryPageUrl } from '../../../crawlers/discover/list-json.ts';
import { buildDeclaration, suggestId } from '../../../crawlers/probe/declaration.ts';
import { recogniseFamily } from '../../../crawlers/probe/family.ts';
import { inferHtmlItems } from '../../../crawlers/probe/items.ts';
import { inferJsonList } from '../../../crawlers/probe/json.ts';
import { findColumnLinks, scriptEndpoints, siblingColumns } from '../../../crawlers/probe/navigation.ts';
import { inferHtmlPaging } from '../../../crawlers/probe/paging.ts';

const score = (t: string) => (/年度报告|年报/.test(t) ? 3 : 0);
const doc = (body: string) => `<html><head><meta charset="utf-8"></head><body>${body}</body></html>`;

describe('createPageHTML read without running it', () => {
  it.each([
    ['createPageHTML(7, 0, "index", "html");', { count: 7, current: 0, prefix: 'index', suffix: 'html' }],
    [
      "createPageHTML('page_div', 7, 1, 'index', 'html', 100);",
      { count: 7, current: 0, prefix: 'index', suffix: 'html' },
    ],
    [
      'var currentPage = 2;//所在页从0开始\nvar countPage = 5//共多少页\ncreatePageHTML(countPage, currentPage, "list", "shtml");',
      { count: 5, current: 2, prefix: 'list', suffix: 'shtml' },
    ],
    [
      'function createPageHTML(count, current, prefix, suffix) { return 1 }\ncreatePageHTML(3, 0, "index", "htm");',
      { count: 3, current: 0, prefix: 'index', suffix: 'htm' },
    ],
  ])('%s', (script, call) => {
    expect(readCreatePageHTML(`<script>${script}</script>`)).toEqual(call);
  });

  it('states page counts the other ways pagers do', () => {
    expect(statedPageCount('jpage({ perPage: 15, totalRecord: 46 })')).toBe(4);
    expect(statedPageCount('var totalRecord = 30;\nvar perPage = 10;')).toBe(3);
    expect(statedPageCount("{ totalRecord: '21', perPage: '10' }")).toBe(3);
    expect(statedPageCount('<datastore><totalrecord>12</totalrecord><perpage>5</perpage>')).toBe(3);
    expect(statedPageCount('<div>共 6 页</div>')).toBe(6);
    expect(statedPageCount('var totalPage = 9;')).toBe(9);
    expect(statedPageCount('<div>no pager</div>')).toBeNull();
  });
});

describe('大汉 datastore', () => {
  const html = `<div id="4567890"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&columnid=1229&unitid=4567890"></a>]]></nextgroup>
<recordset>
<record><![CDATA[
<li><a href="/art/2022/1/20/art_1229_1.html" title="区财政局2021年政府信息公开工作年度报告">区财政局2021年政府…</a><span>2022-01-20</span></li>
]]></record>
<record><![CDATA[<table><tr><td><a href="/art/2021/2/1/art_1229_2.html" title="区财政局2020年政府信息公开年报">区财政局…</a></td><td>[2021-02-01]</td></tr></table>]]></record>
</recordset></datastore></script>
<script>$('#4567890').jpage({ perPage: 2, totalRecord: 7 });</script></div>`;
  const url = 'https://h.gov.cn/col/col1229/index.html';

  it('reads each record as one item, whatever markup the record has', () => {
    expect(datastoreRecords(html)).toHaveLength(2);
    expect(parseDatastore(html, url, { linkSelector: 'a', dateSelector: '' })).toEqual([
      {
        url: 'https://h.gov.cn/art/2022/1/20/art_1229_1.html',
        title: '区财政局2021年政府信息公开工作年度报告',
        date: '2022-01-20',
      },
      {
        url: 'https://h.gov.cn/art/2021/2/1/art_1229_2.html',
        title: '区财政局2020年政府信息公开年报',
        date: '2021-02-01',
      },
    ]);
  });

  it('pages by ?uid=UNIT&pageNum=N, counted from totalRecord/perPage', () => {
    expect(inferHtmlPaging(html, url, 'datastore')).toMatchObject({
      paging: { style: 'query', param: 'pageNum', first: 1 },
      pageCount: 4,
      listUrl: `${url}?uid=4567890`,
    });
  });
});

describe('pager links', () => {
  const url = 'https://h.gov.cn/zwgk/nb/index.html';
  it.each([
    [
      'index.html, index_1.html… with 共N页',
      '<div class="page">共4页 <a href="index_1.html">下一页</a> <a href="index_3.html">尾页</a></div>',
      { paging: { style: 'numbered', template: 'index_{n}.html', start: 1 }, pageCount: 4 },
    ],
    [
      'list.html, list_2.html… (no page 1 number), count from the last link',
      '<a href="list_2.html">2</a> <a href="list_3.html">3</a> <a href="list_2.html">下一页</a> <a href="list_5.html">末页</a>',
      { paging: { style: 'numbered', template: 'list_{n}.html', start: 2 }, pageCount: 5 },
    ],
    [
      '?page=N links listing every page',
      '<a href="?page=1">1</a> <a href="index.html?page=2">2</a> <a href="index.html?page=3">3</a> <a href="index.html?page=2">下一页</a>',
      { paging: { style: 'query', param: 'page', first: 1 }, pageCount: 3 },
    ],
    [
      'only a next link: the count is left to the walk',
      '<a href="index.html?pageNo=2">下一页</a>',
      { paging: { style: 'query', param: 'pageNo', first: 1 }, pageCount: null },
    ],
    ['no pager at all: one page', '<p>nothing</p>', { paging: { style: 'none' }, pageCount: 1 }],
  ])('%s', (_, pager, expected) => {
    const found = inferHtmlPaging(doc(pager), url, 'html');
    expect(found).toMatchObject(expected);
    expect(found.problem).toBeUndefined();
  });

  it('a page that numbers itself (list-1.html) starts the others at 2', () => {
    expect(
      inferHtmlPaging(doc('<a href="list-2.html">下一页</a>'), 'https://h.gov.cn/info/list-1.html', 'html')
        .paging,
    ).toEqual({ style: 'numbered', template: 'list-{n}.html', start: 2 });
  });

  it('a pager it cannot read is a problem, not a guess', () => {
    const found = inferHtmlPaging(
      doc('<a href="javascript:void(0)" onclick="go(2)">下一页</a>'),
      url,
      'html',
    );
    expect(found.paging).toEqual({ style: 'none' });
    expect(found.problem).toMatch(/has a pager .* but no page URL pattern could be read/);
  });
});

describe('list items found without selectors', () => {
  const url = 'https://h.gov.cn/xxgk/ndbg/index.html';
  it('picks the dated report list over navigation and a sidebar, and writes selectors that select it', () => {
    const html =
      doc(`<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zw/">政务公开栏目导航</a></li><li><a href="/xw/">新闻中心栏目导航</a></li></ul></div>
<div class="side"><ul><li><a href="/a.html">我区召开2024年工作会议通知</a></li><li><a href="/b.html">区领导调研重点项目建设情况</a></li></ul></div>
<div class="main"><table class="list"><tbody>
<tr><td class="t"><a class="cat" href="/c/">[年报]</a><a href="/n/1.html" title="区财政局2021年政府信息公开工作年度报告">区财政局2021…</a></td><td class="d">2022-01-20</td></tr>
<tr><td class="t"><a class="cat" href="/c/">[年报]</a><a href="/n/2.html" title="区财政局2020年政府信息公开工作年度报告">区财政局2020…</a></td><td class="d">2021-01-18</td></tr>
<tr><td class="t"><a class="cat" href="/c/">[通知]</a><a href="/n/3.html" title="关于做好政务公开工作的通知">关于做好…</a></td><td class="d">2021-01-02</td></tr>
</tbody></table></div>`);
    const found = inferHtmlItems(html, url, score)!;
    expect(found).toMatchObject({
      itemSelector: 'div.main > table.list > tbody > tr',
      linkSelector: 'a[title]',
      dateSelector: 'td.d',
    });
    expect(found.items.map((i) => i.title)).toEqual([
      '区财政局2021年政府信息公开工作年度报告',
      '区财政局2020年政府信息公开工作年度报告',
      '关于做好政务公开工作的通知',
    ]);
    expect(found.items.map((i) => i.date)).toEqual(['2022-01-20', '2021-01-18', '2021-01-02']);
  });

  it('reads divs whose link has no title attribute and whose date sits in the text', () => {
    const html =
      doc(`<div class="items"><div class="item"><a href="1.html">区教育局2022年度政府信息公开年报</a> 2023/01/12</div>
<div class="item"><a href="2.html">区教育局2021年度政府信息公开年报</a> 2022/01/10</div></div>`);
    const found = inferHtmlItems(html, url, score)!;
    expect(found.itemSelector).toBe('div.items > div.item');
    expect(found.dateSelector).toBe('');
    expect(found.items.map((i) => i.date)).toEqual(['2023-01-12', '2022-01-10']);
  });
});

describe('JSON lists read without being told their shape', () => {
  const url = 'https://h.gov.cn/api?pageIndex=0&pageSize=2';
  it('Epoint: nested objects, titles with highlight markup, dates with times, the count as a string', () => {
    const data = {
      custom: {
        total: '5',
        infodata: [
          {
            infoid: 'a',
            title: "区财政局<font color='red'>2021</font>年政府信息公开工作年度报告",
            infourl: '/xxgk/1.html',
            infodate: '2022-01-20 09:30:00',
          },
          {
            infoid: 'b',
            title: '区财政局2020年政府信息公开工作年度报告',
            infourl: '/xxgk/2.html',
            infodate: '2021-01-20 09:30:00',
          },
        ],
      },
      status: { code: 200 },
    };
    const found = inferJsonList(data, url, score)!;
    expect(found.json).toEqual({
      itemsPath: 'custom.infodata',
      titleField: 'title',
      urlField: 'infourl',
      dateField: 'infodate',
      totalPath: 'custom.total',
    });
    expect(found.total).toBe(5);
    expect(found.items[0]).toEqual({
      url: 'https://h.gov.cn/xxgk/1.html',
      title: '区财政局2021年政府信息公开工作年度报告',
      date: '2022-01-20',
    });
  });

  it('records as HTML fragments, and one HTML string holding the list', () => {
    const fragments = inferJsonList(
      {
        totalRecord: 9,
        records: [
          '<li><a href="/1.html" title="区林业局2021年政府信息公开年报">…</a><span>2022-01-02</span></li>',
        ],
      },
      url,
      score,
    )!;
    expect(fragments.json).toEqual({ itemsPath: 'records', totalPath: 'totalRecord' });
    expect(fragments.items).toEqual([
      { url: 'https://h.gov.cn/1.html', title: '区林业局2021年政府信息公开年报', date: '2022-01-02' },
    ]);
    const html = inferJsonList(
      {
        data: {
          total: 12,
          html: '<ul class="list"><li><a href="/a.html">区林业局2022年政府信息公开年报</a><span>2023-01-02</span></li><li><a href="/b.html">区林业局2021年政府信息公开年报</a><span>2022-01-02</span></li></ul>',
        },
      },
      url,
      score,
    )!;
    expect(html.json).toEqual({ htmlPath: 'data.html', totalPath: 'data.total' });
    expect(html.selectors).toMatchObject({ itemSelector: 'ul.list > li', linkSelector: 'a' });
    expect(html.items).toHaveLength(2);
  });

  it('the declared reader gives the same items: epoch dates, JSONP, a page number inside a JSON parameter', () => {
    const style = {
      itemSelector: 'li',
      linkSelector: 'a',
      dateSelector: '',
      json: { itemsPath: 'rows', titleField: 't', urlField: 'u', dateField: 'd', pageCountPath: 'pages' },
    };
    const page = parseJsonList(
      'cb({"pages":3,"rows":[{"t":"某局2021年年报","u":"/x.html","d":1642636800000}]})',
      url,
      style,
    );
    expect(page).toEqual({
      items: [{ url: 'https://h.gov.cn/x.html', title: '某局2021年年报', date: '2022-01-20' }],
      pageCount: 3,
      total: null,
    });
    expect(normalizeDateValue('1642636800')).toBe('2022-01-20');
    const u = new URL(
      queryPageUrl(
        'https://h.gov.cn/unit?webId=1&paramJson=%7B%22pageNo%22%3A1%2C%22pageSize%22%3A15%7D',
        'paramJson.pageNo',
        4,
      ),
    );
    expect(JSON.parse(u.searchParams.get('paramJson')!)).toEqual({ pageNo: 4, pageSize: 15 });
    expect(u.searchParams.get('webId')).toBe('1');
  });
});

describe('family, navigation, declaration', () => {
  it.each([
    ['https://h.gov.cn/col/col1/index.html', '<datastore><recordset></recordset></datastore>', 'hanweb'],
    ['https://h.gov.cn/module/web/jpage/dataproxy.jsp?page=1', '{"records":[]}', 'hanweb-proxy'],
    ['https://h.gov.cn/zwgk/nb/index.html', '<script>createPageHTML(2, 0, "index", "html")</script>', 'trs'],
    ['https://h.gov.cn/EpointWebBuilder/rest/x/getPageInfoListNew?pageIndex=0', '{}', 'epoint'],
    ['https://h.gov.cn/api-gateway/jpaas-publish-server/front/page/build/unit', '{}', 'jiyue'],
    ['https://h.gov.cn/jkqxxgk/c1/list.shtml', '<ul></ul>', 'gzjkq'],
    ['https://h.gov.cn/news/index.html', '<ul></ul>', 'generic'],
  ])('%s → %s', (url, text, preset) => {
    expect(recogniseFamily(url, text).preset).toBe(preset);
  });

  it('finds the 年度报告 column on a home page, not an item that names a year', () => {
    const html = doc(`<a href="/col/col1/index.html">年度报告</a><a href="/xxgk/nb/">政府信息公开年报</a>
<a href="/art/1.html">区财政局2021年政府信息公开工作年度报告</a><a href="/zn/">政府信息公开指南</a>`);
    expect(findColumnLinks(html, 'https://h.gov.cn/')).toEqual([
      { url: 'https://h.gov.cn/xxgk/nb/', text: '政府信息公开年报' },
      { url: 'https://h.gov.cn/col/col1/index.html', text: '年度报告' },
    ]);
  });

  it("finds list endpoints in a shell page's scripts, and sibling columns on a directory page", () => {
    const shell = doc(
      `<script>var listUrl = '/EpointWebBuilder/rest/x/getPageInfoListNew?categoryNum=001&pageIndex=0&pageSize=15'; var js = '/js/app.js';</script>`,
    );
    expect(scriptEndpoints(shell, 'https://h.gov.cn/xxgk/sub.html')).toEqual([
      'https://h.gov.cn/EpointWebBuilder/rest/x/getPageInfoListNew?categoryNum=001&pageIndex=0&pageSize=15',
    ]);
    const dir = doc(
      ['c1', 'c2', 'c3']
        .map(
          (c) =>
            `<div><h3>${c}</h3><a href="/x/${c.replace('c', 'c11')}/list.shtml">年度报告</a><a href="/x/${c}/zcwj.shtml">政策文件</a></div>`,
        )
        .join(''),
    );
    expect(siblingColumns(dir, 'https://h.gov.cn/x/dir.shtml', 'https://h.gov.cn/x/c111/list.shtml')).toEqual(
      {
        linkText: '年度报告',
        lists: [
          'https://h.gov.cn/x/c111/list.shtml',
          'https://h.gov.cn/x/c112/list.shtml',
          'https://h.gov.cn/x/c113/list.shtml',
        ],
      },
    );
  });

  it('writes only what differs from the preset, with an id from the host and the list', () => {
    expect(suggestId('https://www.nb.gov.cn/col/col1229/index.html')).toBe('nb-col1229');
    expect(suggestId('https://xxgk.sx.gov.cn/zwgk/nb/index.html')).toBe('sx-xxgk-nb');
    expect(suggestId('http://127.0.0.1:8080/xxgk/ndbg/')).toBe('local-8080-ndbg');
    const entry = buildDeclaration({
      id: 'nb',
      name: '年报',
      preset: 'trs',
      listUrl: 'https://www.nb.gov.cn/zwgk/nb/index.html',
      list: {
        format: 'html',
        itemSelector: 'ul.list > li',
        linkSelector: 'a',
        dateSelector: 'span',
        paging: { style: 'createPageHTML' },
      },
      detail: { contentSelector: '.TRS_Editor, .trs_editor_view, .TRS_UEDITOR, #zoom, .content' },
      allowPrivate: false,
    });
    expect(entry).toEqual({
      id: 'nb',
      name: '年报',
      preset: 'trs',
      baseUrl: 'https://www.nb.gov.cn',
      lists: [{ path: '/zwgk/nb/index.html' }],
      list: { itemSelector: 'ul.list > li' },
    });
  });
});

describe('attachments the families link', () => {
  const base = 'https://h.gov.cn/art/2022/1/20/art_1_2.html';
  it('download scripts, typed by the file parameter, the link text, or later by the bytes', () => {
    const html =
      doc(`<div id="zoom"><p>附件：<a href="/module/download/downfile.jsp?classid=0&filename=2201201030.docx">下载</a></p>
<p><a href="/module/download/downfile.jsp?classid=0&filename=a1b2c3d4">区财政局2021年年度报告.pdf</a></p>
<p><a href="/module/download/downfile.jsp?classid=0&filename=e5f6a7b8">点击下载</a></p>
<p><a href="/art/2021/1/1/art_1_1.html">上一篇</a> <a href="/search?name=x">搜索</a></p>
<iframe src="/pdfjs/web/viewer.html?file=/uploads/r.pdf"></iframe></div>`);
    expect(
      findAttachments(html, base, '#zoom').map((a) => [a.url.replace('https://h.gov.cn', ''), a.ext]),
    ).toEqual([
      ['/module/download/downfile.jsp?classid=0&filename=2201201030.docx', 'docx'],
      ['/module/download/downfile.jsp?classid=0&filename=a1b2c3d4', 'pdf'],
      ['/module/download/downfile.jsp?classid=0&filename=e5f6a7b8', null],
      ['/pdfjs/web/viewer.html?file=/uploads/r.pdf', 'pdf'],
    ]);
  });

  it("links a script writes right after the text (TRS file_appendix), not a title attribute's file name", () => {
    const html = doc(`<div class="article"><div class="view"><div class="TRS_Editor"><p>见附件</p></div></div>
<script>var file_appendix = '<a href="./P020220120123.docx" title="年度报告.docx">年度报告.docx</a>';
if (file_appendix != '') document.write('附件：' + file_appendix);</script></div>
<div class="footer"><a href="/help/guide.pdf">帮助.pdf</a></div>`);
    expect(findAttachments(html, base, '.TRS_Editor').map((a) => a.url)).toEqual([
      'https://h.gov.cn/art/2022/1/20/P020220120123.docx',
    ]);
  });

  it('reads Content-Disposition file names in RFC 5987 form, raw UTF-8 and raw GBK', () => {
    const name = '区财政局2021年年度报告.docx';
    expect(contentDispositionFilename(`attachment; filename*=UTF-8''${encodeURIComponent(name)}`)).toBe(name);
    expect(contentDispositionFilename(`attachment; filename="${Buffer.from(name).toString('latin1')}"`)).toBe(
      name,
    );
    expect(
      contentDispositionFilename(`attachment; filename="${iconv.encode(name, 'gbk').toString('latin1')}"`),
    ).toBe(name);
    expect(contentDispositionFilename('inline; filename=report.pdf')).toBe('report.pdf');
    expect(contentDispositionFilename(undefined)).toBeNull();
  });

  it('types a fetched download from Content-Disposition, else its URL, else its bytes', () => {
    const bytes = new Uint8Array(
      readFileSync(join(import.meta.dirname, '../../fixtures/documents/portal-2019.doc')),
    );
    const base = {
      url: 'https://h/d.jsp?f=1',
      finalUrl: 'https://h/d.jsp?f=1',
      contentType: 'application/octet-stream',
      bytes,
    };
    expect(
      attachmentType({ ...base, headers: { 'content-disposition': 'attachment; filename="a.doc"' } }),
    ).toEqual({ ext: 'doc', from: 'content-disposition' });
    expect(
      attachmentType({ ...base, url: 'https://h/d.jsp?filename=a.pdf', finalUrl: '', headers: {} }),
    ).toEqual({ ext: 'pdf', from: 'url' });
    expect(attachmentType({ ...base, headers: {} })).toEqual({ ext: 'doc', from: 'bytes' });
  });
});
