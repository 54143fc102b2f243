import { describe, expect, it } from 'vitest';
import { attachmentRefs, findAttachments } from '../../../crawlers/attachments.ts';

const page = `<html><body>
<div class="nav"><a href="/help/guide.pdf">网站使用指南.pdf</a></div>
<div class="article-content" id="zoom">
  <p>区财政局2021年政府信息公开工作年度报告（详见附件）</p>
  <p>附件：<a href="P020220120.docx" title="年度报告.docx">年度报告.docx</a></p>
  <p><a href="/files/report.PDF">扫描件</a> <a href="/files/report.PDF">扫描件（重复）</a></p>
  <p><a href="/download.jsp?file=tables.xls">统计表</a> <a href="/old/r.doc">旧版</a> <a href="/w/r.wps">WPS</a></p>
  <p><a href="/jkqxxgk/c1/202201/other.shtml">相关链接</a> <a href="mailto:a@b.cn">邮件</a></p>
</div>
</body></html>`;

describe('findAttachments', () => {
  const base = 'https://gzjkq.ganzhou.gov.cn/jkqxxgk/c110056/202201/abc.shtml';
  const found = findAttachments(page, base);

  it('finds office and PDF links in the content area only, once each', () => {
    expect(found).toEqual([
      {
        url: 'https://gzjkq.ganzhou.gov.cn/jkqxxgk/c110056/202201/P020220120.docx',
        title: '年度报告.docx',
        ext: 'docx',
      },
      { url: 'https://gzjkq.ganzhou.gov.cn/files/report.PDF', title: '扫描件', ext: 'pdf' },
      { url: 'https://gzjkq.ganzhou.gov.cn/download.jsp?file=tables.xls', title: '统计表', ext: 'xls' },
      { url: 'https://gzjkq.ganzhou.gov.cn/old/r.doc', title: '旧版', ext: 'doc' },
      { url: 'https://gzjkq.ganzhou.gov.cn/w/r.wps', title: 'WPS', ext: 'wps' },
    ]);
  });

  it('falls back to the body when there is no content container', () => {
    expect(findAttachments('<body><a href="a.pdf">a</a></body>', 'https://h/x/').map((a) => a.url)).toEqual([
      'https://h/x/a.pdf',
    ]);
  });

  it('turns attachments into refs pointing at their detail page', () => {
    const parent = {
      source: 'gzjkq',
      url: base,
      title: 'T',
      date: '2022-01-20',
      listUrl: 'https://h/list.shtml',
      kind: 'detail' as const,
      parentUrl: null,
    };
    const [ref] = attachmentRefs(parent, found.slice(0, 1));
    expect(ref).toEqual({
      ...parent,
      url: found[0]!.url,
      title: '年度报告.docx',
      kind: 'attachment',
      parentUrl: base,
    });
  });
});

describe('mayLinkAttachments (the byte-level pre-check)', () => {
  it('sees extensions in UTF-8 and GBK bytes alike, and nothing in a page without them', async () => {
    const iconv = (await import('iconv-lite')).default;
    const { mayLinkAttachments } = await import('../../../crawlers/attachments.ts');
    expect(mayLinkAttachments(Buffer.from(page, 'utf8'))).toBe(true);
    expect(mayLinkAttachments(iconv.encode('<a href="年度报告.PDF">附件</a>', 'gbk'))).toBe(true);
    expect(
      mayLinkAttachments(
        iconv.encode('<p>区财政局2021年政府信息公开工作年度报告</p><a href="x.shtml">链接</a>', 'gbk'),
      ),
    ).toBe(false);
  });
});
