/**
 * TRS WCM, as its sites publish it (static files):
 * - a column is a folder: `index.html`, `index_1.html`, … whose pager is a script call read from the
 *   bytes — `createPageHTML(4, 0, "index", "html")`, or with variables (`var countPage = 4`), or the
 *   newer `createPageHTML('page_div', 4, 1, 'index', 'html', 37)` (element id first, one-based page,
 *   item count last); the function itself lives in an external script;
 * - details `./YYYYMM/tYYYYMMDD_N.html` with the text in `.TRS_Editor`; attachments `P0….docx` next to
 *   them, in a `div.fj` after the text, written by a `document.write` script, or inside the text;
 * - pages in GBK, declared in the header, only in a meta tag, or (one variant) UTF-8.
 * Variant 3 publishes `.shtml` files (`index.shtml`, `index_1.shtml`, `createPageHTML(…, "shtml")`),
 * links them from the site root, and declares no charset anywhere (UTF-8, found by sniffing).
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
  type Reply,
  short,
} from './family.ts';
import type { FamilyItem, FamilySite } from './site.ts';

const ym = (date: string) => date.slice(0, 7).replace('-', '');

function row(it: FamilyItem, v: number, dir: string): string {
  const href = v === 3 ? it.detailPath : `.${it.detailPath.slice(dir.length - 1)}`;
  const t = escapeHtml(it.title);
  if (v === 1)
    return `<tr><td class="title"><a href="${href}" target="_blank" title="${t}">${escapeHtml(short(it.title, 20))}</a></td><td class="date">${it.date}</td></tr>`;
  if (v === 2) return `<li><a href="${href}" target="_blank" title="${t}">${t}</a><b>${it.date}</b></li>`;
  return `<li><span class="date">${it.date}</span><a href="${href}" target="_blank" title="${t}">${escapeHtml(short(it.title))}</a></li>`;
}

function build(site: FamilySite): FamilyApp {
  const v = site.opts.variant % 4;
  const section = ['zwgk', 'xxgk', 'zfxxgk', 'gkml'][v]!;
  const colName = ['ndbg', 'zfxxgknb', 'xxgknb'][(site.opts.seed + v) % 3]!;
  const dir = `/${section}/${colName}/`;
  const columnName = ['政府信息公开年度报告', '信息公开年报', '政府信息公开工作年度报告', '政府信息公开年报'][
    v
  ]!;
  const ext = v === 3 ? 'shtml' : 'html';
  const doc0 = site.fixed('doc', 1_000_000, 9_000_000);
  for (const it of site.items) {
    it.detailPath = `${dir}${ym(it.date)}/t${it.date.replaceAll('-', '')}_${doc0 + it.n}.${ext}`;
    if (it.kind !== 'page')
      it.attachmentPath = `${dir}${ym(it.date)}/P0${it.date.replaceAll('-', '')}${String(doc0 + it.n).padStart(10, '3')}.${it.kind}`;
  }
  const count = site.pageCount();
  const encode = (page: string): Reply =>
    v === 0
      ? gbk(page, 'header')
      : v === 1
        ? gbk(page, 'meta')
        : v === 3
          ? { headers: { 'content-type': 'text/html' }, body: page.replace('<meta charset="utf-8">', '') }
          : html(page);

  const pager = (p: number): string => {
    if (v === 3)
      return `<script type="text/javascript">createPageHTML(${count}, ${p}, "index", "shtml");</script>`;
    if (v === 0)
      return `<script type="text/javascript">createPageHTML(${count}, ${p}, "index", "html");</script>`;
    if (v === 1)
      return `<script type="text/javascript">
var currentPage = ${p};//所在页从0开始
var prevPage = currentPage-1//上一页
var nextPage = currentPage+1//下一页
var countPage = ${count}//共多少页
createPageHTML(countPage, currentPage, "index", "html");
</script>`;
    return `<script>createPageHTML('page_div', ${count}, ${p + 1}, 'index', 'html', ${site.listing().length});</script>`;
  };

  const listPage = (p: number): string | null => {
    if (p >= count) return null;
    const items = site.page(p).map((it) => row(it, v, dir));
    const list =
      v === 1
        ? `<table class="list" width="100%">\n${items.join('\n')}\n</table>`
        : `<ul class="${v === 0 ? 'xxgk_list' : v === 3 ? 'list-b' : 'list_con'}">\n${items.join('\n')}\n</ul>`;
    return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(columnName)}</title>
<meta name="generator" content="TRS WCM">
<script type="text/javascript" src="../../images/createPageHTML.js"></script>
</head><body>
<div class="location">您当前的位置：<a href="../../">首页</a> &gt; <a href="../">政务公开</a> &gt; <a href="./">${escapeHtml(columnName)}</a></div>
<div class="side"><h3>热点信息</h3><ul>
<li><a href="../../xwzx/202403/t20240301_1.html">${escapeHtml(short('我区召开2024年度政务公开工作推进会'))}</a></li>
<li><a href="../../xwzx/202403/t20240302_2.html">${escapeHtml(short('区政府召开第12次常务会议'))}</a></li>
</ul></div>
<div class="main"><h2>${escapeHtml(columnName)}</h2>
${list}
<div class="page" id="page_div">${pager(p)}</div>
</div>
${FOOTER}
</body></html>
`;
  };

  const detail = (it: FamilyItem): Reply => {
    const file = it.attachmentPath ? `./${it.attachmentPath.split('/').pop()}` : '';
    const name = escapeHtml(`${it.title}.${it.kind}`);
    const link = `<a href="${file}" title="${name}">${name}</a>`;
    // Where the attachment is linked: div.fj after the text, a script, or inside the text.
    const inside = it.attachmentPath && v === 2 ? `<p>附件：${link}</p>` : '';
    const after =
      !it.attachmentPath || v === 2
        ? ''
        : v === 0
          ? `<div class="fj">附件：${link}</div>`
          : `<script type="text/javascript">
var file_appendix = '${link.replaceAll("'", "\\'")}';
if (file_appendix != '') { document.write('<div class="xgfj">附件：' + file_appendix + '</div>'); }
</script>`;
    const page = `${detailHead(it)}<body>
<div class="location">您当前的位置：<a href="../../../">首页</a> &gt; <a href="../">${escapeHtml(columnName)}</a></div>
<div class="article">
<h1>${escapeHtml(it.title)}</h1>
<div class="info">发布时间：${it.date} 来源：${escapeHtml(it.agency)}</div>
<div class="view TRS_UEDITOR trs_paper_default trs_web"><div class="TRS_Editor">${bodyHtml(it, inside)}</div></div>
${after}
</div>
${FOOTER}
</body></html>
`;
    return encode(page);
  };

  const items = itemRoute(site, detail, { staticFiles: true });
  return {
    preset: 'trs',
    // Variant 2: the folder URL, as users copy it from the address bar.
    listPath: v === 2 ? dir : `${dir}index.${ext}`,
    homePath: '/',
    burstTargets: count > 1 ? [`${dir}index_1.${ext}`] : [],
    async route(url) {
      const path = url.pathname;
      if (isHome(path))
        return html(
          homePage(
            site,
            [
              { href: `/${section}/zcwj/`, text: '政策文件' },
              { href: dir, text: columnName },
              { href: `/${section}/tzgg/`, text: '通知公告' },
            ],
            [1, 2, 3].map((i) => ({ href: `/xwzx/202403/t2024030${i}_${i}.html` })),
          ),
        );
      const m =
        path.match(new RegExp(`^(.*\\/)index(?:_(\\d+))?\\.${ext}$`)) ??
        (path.endsWith('/') ? [path, path] : null);
      if (m && m[1] === dir) {
        const page = listPage(Number(m[2] ?? 0));
        return page === null ? null : encode(page);
      }
      return items(url);
    },
  };
}

export const trs: FamilyDefinition = { variants: 4, build };
