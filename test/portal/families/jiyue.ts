/**
 * 政府网站集约化平台 (the jpaas publish server several provinces host their sites on): the column page
 * is a shell; its list comes from `/api-gateway/jpaas-publish-server/front/page/build/unit?…&paramJson=
 * {"pageNo":N,"pageSize":M}` — the page number inside a JSON-valued parameter — answering
 * `{ success, data: { html: "<ul>…</ul>", total } }`. A page past the end has an empty list.
 * Variants change the fragment's markup and date format. Details keep the text in `#zoom`; attachments
 * are plain `/attach/…/x.docx` files.
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
  short,
} from './family.ts';
import type { FamilyItem, FamilySite } from './site.ts';

function build(site: FamilySite): FamilyApp {
  const v = site.opts.variant % 3;
  const webId = site.fixed('web', 1000, 9999);
  const pageId = site.fixed('page', 100000, 999999);
  const col = site.fixed('col', 1_229_000_000, 1_229_999_999);
  const unitPath = '/api-gateway/jpaas-publish-server/front/page/build/unit';
  const param = (pageNo: number) => encodeURIComponent(JSON.stringify({ pageNo, pageSize: site.pageSize }));
  const listPath = `${unitPath}?webId=${webId}&pageId=${pageId}&parseType=bulidstatic&pageType=column&tagId=${encodeURIComponent('当前栏目list')}&tplSetId=${site.fixed('tpl', 10, 99)}&paramJson=${param(1)}`;
  const shellPath = `/col/col${col}/index.html`;
  const columnName = ['政府信息公开年报', '政府信息公开年度报告', '信息公开年报'][v]!;
  for (const it of site.items) {
    const [y, m, d] = it.date.split('-').map(Number);
    it.detailPath = `/art/${y}/${m}/${d}/art_${col}_${59_000_000 + it.n}.html`;
    if (it.kind !== 'page') it.attachmentPath = `/attach/0/${it.id.slice(0, 24)}.${it.kind}`;
  }

  const li = (it: FamilyItem) => {
    const t = escapeHtml(it.title);
    if (v === 1)
      return `<li class="clearfix"><span class="time">${it.date.replaceAll('-', '.')}</span><a href="${it.detailPath}" title="${t}" target="_blank">${escapeHtml(short(it.title, 26))}</a></li>`;
    if (v === 2) return `<li><a href="${it.detailPath}" target="_blank">${t}</a><span>${it.date}</span></li>`;
    return `<li><a href="${it.detailPath}" title="${t}" target="_blank">${escapeHtml(short(it.title))}</a><span>${it.date}</span></li>`;
  };

  const answer = (pageNo: number): Reply => {
    const page = pageNo >= 1 && pageNo <= site.pageCount() ? site.page(pageNo - 1) : [];
    const htmlList = `<div class="default_pgContainer"><ul class="${v === 1 ? 'xxgk-list' : 'list'}">${page.map(li).join('')}</ul></div>`;
    return json({ success: true, code: 200, data: { html: htmlList, total: site.listing().length } });
  };

  const detail = (it: FamilyItem): Reply => {
    const link = it.attachmentPath
      ? `<p>附件：<a href="${it.attachmentPath}">${escapeHtml(`${it.title}.${it.kind}`)}</a></p>`
      : '';
    return html(`${detailHead(it)}<body>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="${shellPath}">${escapeHtml(columnName)}</a></div>
<div class="article-content"><h1>${escapeHtml(it.title)}</h1>
<div id="zoom">${bodyHtml(it, link)}</div></div>
${FOOTER}
</body></html>
`);
  };

  const items = itemRoute(site, detail, { staticFiles: true });
  return {
    preset: 'jiyue',
    // What a user has in the address bar: the endpoint (from the network panel), or the shell page.
    listPath: v === 0 ? listPath : shellPath,
    homePath: '/',
    burstTargets: [listPath.replace(param(1), param(2))],
    async route(url) {
      const path = url.pathname;
      if (isHome(path))
        return html(
          homePage(
            site,
            [
              { href: `/col/col${col + 1}/index.html`, text: '政策解读' },
              { href: shellPath, text: columnName },
            ],
            [1, 2, 3].map((i) => ({ href: `/art/2024/3/${i}/art_${col + 1}_${i}.html` })),
          ),
        );
      if (path === shellPath)
        return html(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(columnName)}</title></head><body>
<div class="position">当前位置：<a href="/">首页</a> &gt; ${escapeHtml(columnName)}</div>
<div id="unit_list"></div>
<script>
var unitUrl = '${listPath}';
$.get(unitUrl, function (r) { document.getElementById('unit_list').innerHTML = r.data.html; });
</script>
${FOOTER}
</body></html>
`);
      if (path === unitPath && url.searchParams.get('pageId') === String(pageId)) {
        let pageNo = 1;
        try {
          pageNo = Number(
            (JSON.parse(url.searchParams.get('paramJson') ?? '{}') as { pageNo?: unknown }).pageNo ?? 1,
          );
        } catch {
          return { status: 400, headers: { 'content-type': 'text/plain' }, body: 'bad paramJson' };
        }
        return answer(pageNo);
      }
      return items(url);
    },
  };
}

export const jiyue: FamilyDefinition = { variants: 3, build };
