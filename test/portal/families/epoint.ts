/**
 * Epoint 新点 (EpointWebBuilder): the column page is a shell whose list a script loads from a JSON
 * endpoint, `/EpointWebBuilder/rest/frontAppCustomAction/getPageInfoListNew?…&pageIndex=0&pageSize=N`
 * (zero-based pages), answering `{ custom: { total, infodata: [{ title, infourl, infodate }] } }`.
 * Variants: titles with search-highlight markup and times in the date, the count as a string;
 * absolute item URLs and `2022/01/20` dates. Details keep the text in `.ewb-article-info`; downloads
 * go through `downloadZtbAttach.jspx?attachGuid=…` with the file name in the link text.
 */
import { escapeHtml } from '../../support/render/html.ts';
import { bodyHtml } from './documents.ts';
import {
  detailHead,
  type FamilyApp,
  type FamilyDefinition,
  FOOTER,
  homePage,
  html,
  isHome,
  itemRoute,
  json,
  type Reply,
} from './family.ts';
import type { FamilyItem, FamilySite } from './site.ts';

function build(site: FamilySite): FamilyApp {
  const v = site.opts.variant % 3;
  const category = `001${String(site.fixed('cat', 1, 9)).padStart(3, '0')}00${site.fixed('sub', 1, 9)}`;
  const siteGuid = `7eb5f7f1-9041-43ad-8e13-${String(site.fixed('guid', 100000, 999999)).padStart(12, '0')}`;
  const endpoint = '/EpointWebBuilder/rest/frontAppCustomAction/getPageInfoListNew';
  const listPath = `${endpoint}?siteGuid=${siteGuid}&categoryNum=${category}&kw=&pageIndex=0&pageSize=${site.pageSize}`;
  const shellPath = `/xxgk/${category.slice(0, 6)}/${category}/subPage.html`;
  const columnName = ['政府信息公开年度报告', '政府信息公开年报', '年度报告'][v]!;
  for (const it of site.items) {
    it.detailPath = `/xxgk/${category.slice(0, 6)}/${category}/${it.date.replaceAll('-', '')}/${it.id.slice(0, 8)}-${it.id.slice(8, 12)}-${it.id.slice(12, 16)}.html`;
    if (it.kind !== 'page')
      it.attachmentPath = `/EpointWebBuilder/WebbuilderMIS/attach/downloadZtbAttach.jspx?attachGuid=${it.id.slice(0, 16)}&appUrlFlag=ztb007`;
  }
  const total = site.listing().length;

  const row = (it: FamilyItem, origin: string) => {
    const title = v === 1 ? it.title.replace(/(\d{4})/, "<font color='red'>$1</font>") : it.title;
    const date = v === 1 ? `${it.date} 09:30:00` : v === 2 ? it.date.replaceAll('-', '/') : it.date;
    return {
      infoid: it.id,
      title,
      infourl: v === 2 ? `${origin}${it.detailPath}` : it.detailPath,
      infodate: date,
      categorynum: category,
      categoryname: columnName,
    };
  };

  const answer = (pageIndex: number, pageSize: number, origin: string): Reply => {
    const listed = site.listing();
    const rows = listed.slice(pageIndex * pageSize, (pageIndex + 1) * pageSize).map((it) => row(it, origin));
    return json({
      custom: { total: v === 1 ? String(total) : total, infodata: rows },
      status: { code: 200, text: '' },
    });
  };

  const shell = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(columnName)}</title>
<script src="/js/jquery.min.js"></script><script src="/js/mustache.js"></script>
</head><body>
<div class="ewb-location">当前位置：<a href="/">首页</a> &gt; <span>${escapeHtml(columnName)}</span></div>
<ul class="ewb-list" id="infolist"></ul>
<div id="pager"></div>
<script>
var listUrl = '${listPath}';
$(function () { $.getJSON(listUrl, function (d) { render(d.custom.infodata); }); });
</script>
${FOOTER}
</body></html>
`;

  const detail = (it: FamilyItem): Reply => {
    const attach = it.attachmentPath
      ? `<div class="ewb-article-attach"><h4>附件下载</h4><ul><li><a href="${escapeHtml(it.attachmentPath)}" target="_blank">${escapeHtml(`${it.title}.${it.kind}`)}</a></li></ul></div>`
      : '';
    return html(`${detailHead(it)}<body>
<div class="ewb-location">当前位置：<a href="/">首页</a> &gt; <a href="${shellPath}">${escapeHtml(columnName)}</a></div>
<div class="ewb-article">
<h2 class="ewb-article-tt">${escapeHtml(it.title)}</h2>
<div class="ewb-article-sources">发布时间：${it.date} 信息来源：${escapeHtml(it.agency)}</div>
<div class="ewb-article-info" id="mainContent">${bodyHtml(it)}</div>
${attach}
</div>
${FOOTER}
</body></html>
`);
  };

  const items = itemRoute(site, detail, { staticFiles: false });
  return {
    preset: 'epoint',
    // What a user has in the address bar: the endpoint (from the network panel), or the shell page.
    listPath: v === 0 ? listPath : shellPath,
    homePath: '/',
    burstTargets: [listPath.replace('pageIndex=0', 'pageIndex=1')],
    async route(url) {
      const path = url.pathname;
      if (isHome(path))
        return html(
          homePage(
            site,
            [
              { href: '/xxgk/001001/subPage.html', text: '政府信息公开指南' },
              { href: shellPath, text: columnName },
              { href: '/xxgk/001003/subPage.html', text: '政府信息公开制度' },
            ],
            [1, 2].map((i) => ({ href: `/xwzx/001004/20240301/${i}.html` })),
          ),
        );
      if (path === shellPath) return html(shell);
      if (path === endpoint && url.searchParams.get('categoryNum') === category) {
        const size = Number(url.searchParams.get('pageSize') ?? site.pageSize) || site.pageSize;
        return answer(Math.max(0, Number(url.searchParams.get('pageIndex') ?? 0)), size, url.origin);
      }
      return items(url);
    },
  };
}

export const epoint: FamilyDefinition = { variants: 3, build };
