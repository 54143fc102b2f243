/** Pictures of a report shown in its page: which are taken, in what order, and which are left out. */
import { describe, expect, it } from 'vitest';
import { findPageImages } from '../../../crawlers/page-images.ts';

const BASE = 'http://portal.test/xxgk/c1/202401/abc.shtml';
const page = (content: string, chrome = '') =>
  `<html><body><div class="header"><img src="/images/top.jpg"></div>${chrome}<div class="content">${content}</div><div class="footer"><a href="/app.png">下载</a></div></body></html>`;

describe('findPageImages', () => {
  it('takes the <img> pages and linked image files of the content, in document order, absolute and deduplicated', () => {
    const html = page(
      `<p>某局2023年政府信息公开工作年度报告</p>
       <p><img src="./P020240115_1.jpg" alt="第1页"></p>
       <p><img data-src="/upload/p2.png" src="/images/loading.gif"></p>
       <p><a href="P020240115_3.TIF">第3页</a> <a href="./P020240115_1.jpg">第1页</a></p>
       <img src="/file/image.do?id=77">`,
    );
    expect(findPageImages(html, BASE)).toEqual([
      { url: 'http://portal.test/xxgk/c1/202401/P020240115_1.jpg', via: 'img' },
      { url: 'http://portal.test/upload/p2.png', via: 'img' },
      { url: 'http://portal.test/xxgk/c1/202401/P020240115_3.TIF', via: 'link' },
      { url: 'http://portal.test/file/image.do?id=77', via: 'img' },
    ]);
  });

  it('leaves out icons, QR codes, GIFs, inline data and links to other files', () => {
    const html = page(
      `<img src="/images/icon_print.png"><img src="/static/qrcode.jpg"><img src="/a/dot.gif">
       <img src="data:image/png;base64,iVBORw0KGgo="><img src="/a/seal.png" width="80" height="80">
       <a href="/a/report.docx">附件</a><a href="/a/next.shtml">下一篇</a>`,
    );
    expect(findPageImages(html, BASE)).toEqual([]);
  });

  it('finds nothing when the content has an HTML table: the report is read from its text', () => {
    const html = page('<table><tr><td>项目</td><td>12</td></tr></table><img src="/a/chart.png">');
    expect(findPageImages(html, BASE)).toEqual([]);
  });

  it('looks only inside the selector when it matches, and at the whole body otherwise', () => {
    const html = page('<img src="/a/p1.jpg">');
    expect(findPageImages(html, BASE, '.content').map((i) => i.url)).toEqual(['http://portal.test/a/p1.jpg']);
    expect(findPageImages(html, BASE, '#nothing').map((i) => i.url)).toEqual([
      'http://portal.test/images/top.jpg',
      'http://portal.test/a/p1.jpg',
      'http://portal.test/app.png',
    ]);
  });
});

describe('mayShowImages (the byte-level pre-check)', () => {
  it('sees pictures in UTF-8 and GBK bytes alike, and nothing in a page without them', async () => {
    const iconv = (await import('iconv-lite')).default;
    const { mayShowImages } = await import('../../../crawlers/page-images.ts');
    const shown = page('<p>年度报告第1页</p><IMG SRC="/a/第1页.JPG">');
    expect(mayShowImages(Buffer.from(shown, 'utf8'))).toBe(true);
    expect(mayShowImages(iconv.encode(shown, 'gbk'))).toBe(true);
    expect(
      mayShowImages(
        iconv.encode('<p>区财政局2021年政府信息公开工作年度报告</p><a href="x.shtml">链接</a>', 'gbk'),
      ),
    ).toBe(false);
  });
});
