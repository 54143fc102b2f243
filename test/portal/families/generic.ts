/**
 * A site on no known CMS: a list of `<li><a title>` (or table rows, or divs) with a date, paged in one
 * of the ways home-grown sites do it — `?page=N` links, `list_2.html`… with `共N页` (no page 1 number),
 * or `list-2.html`… with only a 下一页 link (the walk goes until the page after the last is missing).
 * Details keep the text in `.content`; attachments are `/uploads/….docx` files inside it.
 * Variant 3 is a 繁體 site in GBK (declared in a meta tag only) whose list links are absolute URLs,
 * paged `index.jsp?pageNo=N` with `共N页`, and whose attachment reports are linked from the list
 * itself (no detail page). Variant 4's list page is a shell whose script reads a JSON endpoint of no
 * known CMS (`data.records`, `articleTitle`, `articleUrl`, `publishTime` in epoch milliseconds,
 * `data.total`); a page past the end has no records.
 */
import { escapeHtml } from '../../support/render/html.ts';
import { bodyHtml } from './documents.ts';
import {
  type FamilyApp,
  type FamilyDefinition,
  FOOTER,
  gbk,
  homePage,
  html,
  isHome,
  itemRoute,
  json,
  type Reply,
  short,
} from './family.ts';
import type { FamilyItem, FamilySite } from './site.ts';

function build(site: FamilySite): FamilyApp {
  const v = site.opts.variant % 5;
  const dir = ['/xxgk/ndbg/', '/zwgk/nb/', '/info/annual/', '/gkml/ndbg/', '/xxgk/ndbg/'][v]!;
  const first = ['index.html', 'list.html', 'list-1.html', 'index.jsp', 'index.html'][v]!;
  const pageName = (p: number) =>
    v === 0
      ? `${first}?page=${p + 1}`
      : v === 3
        ? `${first}?pageNo=${p + 1}`
        : p === 0
          ? first
          : v === 1
            ? `list_${p + 1}.html`
            : `list-${p + 1}.html`;
  const columnName = ['政府信息公开年度报告', '年度报告', '信息公开年报', '政府信息公開年度報告', '年度报告'][
    v
  ]!;
  const channel = site.fixed('channel', 10, 999);
  const api = `/api/cms/article/page?channelId=${channel}&pageNo=1&pageSize=${site.pageSize}`;
  for (const it of site.items) {
    it.detailPath = `${dir}${it.date.slice(0, 4)}/${it.date.slice(5).replace('-', '')}/${10_000 + it.n}.html`;
    if (it.kind !== 'page')
      it.attachmentPath = `/uploads/${it.date.slice(0, 4)}/${it.id.slice(0, 12)}.${it.kind}`;
    // The list links the file itself: the report has no page of its own.
    if (v === 3 && it.attachmentPath) it.detailPath = it.attachmentPath;
  }
  const count = site.pageCount();

  const item = (it: FamilyItem, origin: string) => {
    const t = escapeHtml(it.title);
    if (v === 3)
      return `<li><span class="time">[${it.date}]</span><a href="${origin}${it.detailPath}" title="${t}" target="_blank">${escapeHtml(short(it.title, 26))}</a></li>`;
    if (v === 1)
      return `<tr><td class="rq">${it.date}</td><td><a href="${it.detailPath}" title="${t}">${escapeHtml(short(it.title, 24))}</a></td></tr>`;
    if (v === 2) return `<div class="item"><a href="${it.detailPath}">${t}</a><em>${it.date}</em></div>`;
    return `<li><a href="${it.detailPath}" title="${t}" target="_blank">${escapeHtml(short(it.title))}</a><span class="date">${it.date}</span></li>`;
  };

  const listPage = (p: number, origin: string): string | null => {
    if (p < 0 || p >= count) return null;
    const items = site
      .page(p)
      .map((it) => item(it, origin))
      .join('\n');
    const list =
      v === 1
        ? `<table class="newslist">\n${items}\n</table>`
        : v === 2
          ? `<div class="items">\n${items}\n</div>`
          : v === 3
            ? `<div class="gl_list"><ul>\n${items}\n</ul></div>`
            : `<ul class="news-list">\n${items}\n</ul>`;
    const next = p + 1 < count ? `<a href="${pageName(p + 1)}">下一页</a>` : '';
    const prev = p > 0 ? `<a href="${pageName(p - 1)}">上一页</a>` : '';
    const numbers =
      v === 0
        ? Array.from({ length: count }, (_, k) =>
            k === p ? `<b>${k + 1}</b>` : `<a href="${pageName(k)}">${k + 1}</a>`,
          ).join(' ')
        : '';
    const stated = v === 1 ? `共${count}页 当前第${p + 1}页 ` : v === 3 ? `共${count}頁 第${p + 1}頁 ` : '';
    return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(columnName)}-${escapeHtml(site.siteName)}</title></head>
<body>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="${dir}${first}">${escapeHtml(columnName)}</a></div>
<div class="left-menu"><ul><li><a href="/xxgk/zn/">政府信息公开指南</a></li><li><a href="/xxgk/zd/">政府信息公开制度</a></li><li><a href="${dir}${first}">${escapeHtml(columnName)}</a></li></ul></div>
<div class="right-list"><h2>${escapeHtml(columnName)}</h2>
${list}
<div class="pages">${stated}<a href="${pageName(0)}">首页</a> ${prev} ${numbers} ${next}</div>
</div>
${FOOTER}
</body></html>
`;
  };

  const shell = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(columnName)}-${escapeHtml(site.siteName)}</title>
<script src="/static/js/axios.min.js"></script></head>
<body>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="${dir}${first}">${escapeHtml(columnName)}</a></div>
<div class="right-list"><h2>${escapeHtml(columnName)}</h2><ul id="list"></ul><div id="pager"></div></div>
<script>
var pageNo = 1;
function load(n) {
  axios.get('${api}'.replace('pageNo=1', 'pageNo=' + n)).then(function (r) { render(r.data.data.records); pager(r.data.data.total); });
}
load(pageNo);
</script>
${FOOTER}
</body></html>
`;

  const answer = (pageNo: number): Reply => {
    const page = pageNo >= 1 && pageNo <= count ? site.page(pageNo - 1) : [];
    return json({
      code: 200,
      msg: '操作成功',
      data: {
        total: site.listing().length,
        size: site.pageSize,
        current: pageNo,
        records: page.map((it) => ({
          id: 10_000 + it.n,
          articleTitle: it.title,
          articleUrl: it.detailPath,
          publishTime: Date.parse(`${it.date}T09:30:00+08:00`),
          channelName: columnName,
        })),
      },
    });
  };

  const detail = (it: FamilyItem): Reply => {
    const link = it.attachmentPath
      ? `<p>附件：<a href="${it.attachmentPath}">${escapeHtml(`${it.title}.${it.kind}`)}</a></p>`
      : '';
    const page = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(it.title)}</title></head>
<body>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="${dir}${first}">${escapeHtml(columnName)}</a></div>
<div class="detail"><h1>${escapeHtml(it.title)}</h1><div class="meta">发布日期：${it.date}</div>
<div class="content">${bodyHtml(it, link)}</div></div>
${FOOTER}
</body></html>
`;
    return v === 3 ? gbk(page, 'meta') : html(page);
  };

  const items = itemRoute(site, detail, { staticFiles: true });
  return {
    preset: 'generic',
    listPath: `${dir}${first}`,
    homePath: '/',
    burstTargets: count > 1 ? [`${dir}${pageName(1)}`] : [],
    async route(url) {
      const path = url.pathname;
      if (isHome(path))
        return html(
          homePage(
            site,
            [
              { href: '/xxgk/zn/', text: '政府信息公开指南' },
              { href: `${dir}${first}`, text: columnName },
            ],
            [1, 2, 3].map((i) => ({ href: `/news/2024/03/${i}.html` })),
          ),
        );
      if (
        v === 4 &&
        path === '/api/cms/article/page' &&
        url.searchParams.get('channelId') === String(channel)
      )
        return answer(Number(url.searchParams.get('pageNo') ?? 1));
      if (v === 4 && path === `${dir}${first}`) return html(shell);
      if (path.startsWith(dir) && !path.slice(dir.length).includes('/')) {
        const name = path.slice(dir.length) || first;
        let p: number | null = null;
        if (v === 0 && name === first) p = Number(url.searchParams.get('page') ?? 1) - 1;
        else if (v === 3 && name === first) p = Number(url.searchParams.get('pageNo') ?? 1) - 1;
        else if (name === first) p = 0;
        else {
          const m = name.match(v === 1 ? /^list_(\d+)\.html$/ : /^list-(\d+)\.html$/);
          if (m) p = Number(m[1]) - 1;
        }
        const page = p === null ? null : listPage(p, url.origin);
        return page === null ? null : v === 3 ? gbk(page, 'meta') : html(page);
      }
      return items(url);
    },
  };
}

export const generic: FamilyDefinition = { variants: 5, traditional: [3], build };
