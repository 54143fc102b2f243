/**
 * 大汉 Hanweb JCMS, as its sites serve it:
 * - columns at `/col/colNNN/index.html`; the records of the page sit in the page's own
 *   `<script type="text/xml"><datastore><recordset><record><![CDATA[…]]></record>` (the jpage script
 *   shows them; a crawler reads them from the bytes), paged by `?uid=UNIT&pageNum=N`, the count given
 *   by `totalRecord` and `perPage` in the pager's options or in variables; a pageNum past the end
 *   answers the last page again;
 * - the `dataproxy.jsp` variant answering JSON with the records as HTML strings;
 * - detail pages `/art/Y/M/D/art_COL_ID.html` with the text in `#zoom`, downloads through
 *   `/module/download/downfile.jsp?classid=0&filename=…`, whose type is in the file name, in
 *   Content-Disposition (UTF-8 or raw GBK) or only in the bytes.
 * Variants change the record markup (li/span, a table row, a div with the date in <i>), the pager's
 * options, the encoding and where the download link sits. Variant 3 is jpage as most sites run it:
 * the datastore of `pageNum=N` holds a group of three pages from page N on (consecutive pages
 * overlap), records link absolute URLs, the page is GBK declared only in a meta tag; its proxy
 * answers the XML datastore (`<totalrecord>`) instead of JSON.
 */
import { escapeHtml } from '../../support/render/html.ts';
import { bodyHtml } from './documents.ts';
import {
  detailHead,
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

function datePath(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}/${m}/${d}`;
}

function record(item: FamilyItem, v: number, origin: string): string {
  const t = escapeHtml(item.title);
  if (v === 3)
    return `<li class="list-li"><a href="${origin}${item.detailPath}" target="_blank" title="${t}">${escapeHtml(short(item.title, 24))}</a><span>[${item.date}]</span></li>`;
  if (v === 0)
    return `<li><a href="${item.detailPath}" target="_blank" title="${t}">${escapeHtml(short(item.title))}</a><span class="bt-data-time">${item.date}</span></li>`;
  if (v === 1)
    return `<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td class="bt_link"><a href="${item.detailPath}" title="${t}" target="_blank">${escapeHtml(short(item.title, 18))}</a></td><td width="90" class="bt_time">[${item.date}]</td></tr></table>`;
  return `<div class="list-item"><a href="${item.detailPath}" target="_blank">${t}</a><i>${item.date.replaceAll('-', '/')}</i></div>`;
}

function build(site: FamilySite, proxy: boolean): FamilyApp {
  const v = site.opts.variant % 4;
  const col = site.fixed('col', 1000, 99999);
  const unit = site.fixed('unit', 100000, 9999999);
  const webid = site.fixed('web', 1, 300);
  const columnName = ['政府信息公开年报', '政府信息公开年度报告', '年度报告', '政府信息公开年报'][v]!;
  const listPath = `/col/col${col}/index.html`;
  const proxyPath = `/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=${webid}&path=/&columnid=${col}&unitid=${unit}&permissiontype=0`;
  const art0 = site.fixed('art', 10000, 900000);
  for (const it of site.items) {
    it.detailPath = `/art/${datePath(it.date)}/art_${col}_${art0 + it.n}.html`;
    if (it.kind === 'page') continue;
    const file =
      it.typeHint === 'url'
        ? `${it.date.replaceAll('-', '')}1030${art0 + it.n}.${it.kind}`
        : it.id.slice(0, 20);
    it.attachmentPath = `/module/download/downfile.jsp?classid=0&filename=${file}`;
  }
  const total = site.listing().length;

  const pager = (): string => {
    if (v === 3)
      return `<script type="text/javascript">$('#${unit}').jpage({ dataStore: dataStore, proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: ${site.pageSize}, totalRecord: ${total}, groupSize: 3, barPosition: 'bottom', ajaxParam: {"col":1,"webid":${webid},"columnid":${col},"unitid":${unit}} });</script>`;
    if (v === 0)
      return `<script>$(function(){ $('#${unit}').jpage({ dataStore: dataStore, proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: ${site.pageSize}, totalRecord: ${total}, groupSize: 3, barPosition: 'bottom', ajaxParam: {"col":1,"appid":1,"webid":${webid},"path":"/","columnid":${col},"unitid":${unit},"webname":"${escapeHtml(site.siteName)}","permissiontype":0} }); });</script>`;
    if (v === 1)
      return `<script language="javascript">var totalRecord = ${total};\nvar perPage = ${site.pageSize};\nvar currentPage = 1;</script>`;
    return `<script>new JPage({ target: '${unit}', totalRecord: '${total}', perPage: '${site.pageSize}', pageNumParam: 'pageNum' });</script>`;
  };

  const listPage = (p: number, origin: string): string => {
    // A page number past the end answers the last page (JCMS clamps it).
    const at = Math.min(p, site.pageCount() - 1);
    const page = v === 3 ? site.listing().slice(at * site.pageSize, (at + 3) * site.pageSize) : site.page(at);
    const records = page.map((it) => `<record><![CDATA[\n${record(it, v, origin)}\n]]></record>`).join('\n');
    return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(columnName)} ${escapeHtml(site.siteName)}</title>
<meta name="SiteName" content="${escapeHtml(site.siteName)}"><meta name="ColumnName" content="${escapeHtml(columnName)}">
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
<script type="text/javascript" src="/module/jslib/jquery/jpage/jquery.page.min.js"></script>
</head><body>
<div class="bt-position">当前位置：<a href="/index.html">首页</a> &gt; <a href="${listPath}">${escapeHtml(columnName)}</a></div>
<div class="bt-left"><ul><li><a href="/col/col${col + 1}/index.html">政策文件</a></li><li><a href="/col/col${col + 2}/index.html">通知公告</a></li><li><a href="${listPath}">${escapeHtml(columnName)}</a></li></ul></div>
<div class="bt-right"><div class="bt-title">${escapeHtml(columnName)}</div>
<div id="${unit}"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="${proxyPath.replace('page=1', `page=${p + 2}`)}"></a>]]></nextgroup>
<recordset>
${records}
</recordset>
</datastore></script>
${pager()}
</div></div>
${FOOTER}
</body></html>
`;
  };

  const proxyAnswer = (p: number, origin: string): Reply => {
    const page = p < site.pageCount() ? site.page(p) : [];
    const records = page.map((it) => record(it, v, origin));
    if (v === 3)
      return {
        headers: { 'content-type': 'text/xml;charset=UTF-8' },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n<totalrecord>${total}</totalrecord>\n<totalpage>${site.pageCount()}</totalpage>\n<recordset>\n${records.map((r) => `<record><![CDATA[\n${r}\n]]></record>`).join('\n')}\n</recordset>\n</datastore>\n`,
      };
    if (v === 2) return json({ totalrecord: total, perpage: site.pageSize, records });
    return json({ totalRecord: total, totalPage: site.pageCount(), records });
  };

  const detail = (it: FamilyItem): Reply => {
    const name = `${it.title}.${it.kind}`;
    const text = it.typeHint === 'url' ? name : it.typeHint === 'bytes' ? '点击下载附件' : it.title;
    const link = it.attachmentPath
      ? `<p>附件：<a href="${escapeHtml(it.attachmentPath)}" target="_blank">${escapeHtml(text)}</a></p>`
      : '';
    const inZoom = v !== 2;
    const page = `${detailHead(it)}<body>
<div class="bt-position">当前位置：<a href="/index.html">首页</a> &gt; <a href="${listPath}">${escapeHtml(columnName)}</a></div>
<div class="main-txt">
<h1 class="title">${escapeHtml(it.title)}</h1>
<div class="bt-info">发布日期：${it.date} 信息来源：${escapeHtml(it.agency)} 浏览次数：<script src="/module/visitcount/articlehits.jsp?colid=${col}&artid=${it.n}"></script></div>
<div id="zoom">${bodyHtml(it, inZoom ? link : '')}</div>
${inZoom ? '' : `<div class="fujian">${link}</div>`}
</div>
${FOOTER}
</body></html>
`;
    return v === 1 ? gbk(page, 'both') : v === 3 ? gbk(page, 'meta') : html(page);
  };

  const items = itemRoute(site, detail, { staticFiles: false });
  return {
    preset: proxy ? 'hanweb-proxy' : 'hanweb',
    listPath: proxy ? proxyPath : listPath,
    homePath: '/index.html',
    burstTargets: proxy ? [proxyPath.replace('page=1', 'page=2')] : [`${listPath}?uid=${unit}&pageNum=2`],
    async route(url) {
      const path = url.pathname;
      if (isHome(path))
        return html(
          homePage(
            site,
            [
              { href: `/col/col${col + 1}/index.html`, text: '政策文件' },
              { href: proxy ? proxyPath : listPath, text: columnName },
              { href: `/col/col${col + 2}/index.html`, text: '通知公告' },
            ],
            [0, 1, 2].map((i) => ({ href: `/art/2024/3/${i + 1}/art_${col + 2}_${i}.html` })),
          ),
        );
      if (path === listPath) {
        const page = Math.max(1, Number(url.searchParams.get('pageNum') ?? 1) || 1);
        const text = listPage(page - 1, url.origin);
        return v === 1 ? gbk(text, 'both') : v === 3 ? gbk(text, 'meta') : html(text);
      }
      if (path === '/module/web/jpage/dataproxy.jsp' && url.searchParams.get('columnid') === String(col))
        return proxyAnswer(Math.max(1, Number(url.searchParams.get('page') ?? 1)) - 1, url.origin);
      return items(url);
    },
  };
}

export const hanweb: FamilyDefinition = { variants: 4, build: (site) => build(site, false) };
export const hanwebProxy: FamilyDefinition = { variants: 4, build: (site) => build(site, true) };
