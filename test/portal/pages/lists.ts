/** List pages in the three styles the portal serves: static gzjkq, TRS (JS-built), JSON endpoint. */
import { escapeHtml } from '../../support/render/html.ts';
import { PAGE_SIZE, type SiteItem, type SiteList } from '../site.ts';

export function pageCount(list: SiteList): number {
  return Math.max(1, Math.ceil(list.items.length / PAGE_SIZE));
}

function slice(list: SiteList, page: number): SiteItem[] {
  return list.items.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
}

/** Long titles are cut in the link text, as portals do; the full title is in `title`. */
const short = (t: string) => (t.length > 24 ? `${t.slice(0, 23)}…` : t);

export function renderStaticList(list: SiteList, page: number): string | null {
  const count = pageCount(list);
  if (page >= count) return null;
  const name = (n: number) => (n === 0 ? 'list.shtml' : `list_${n}.shtml`);
  const items = slice(list, page)
    .map(
      (i) =>
        `<li><a href="${i.path}" title="${escapeHtml(i.title)}" target="_blank">${escapeHtml(short(i.title))}</a><span>${i.date}</span></li>`,
    )
    .join('\n');
  const next = page + 1 < count ? `<a href="${name(page + 1)}">下一页</a>` : '';
  const prev = page > 0 ? `<a href="${name(page - 1)}">上一页</a>` : '';
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>年度报告_${escapeHtml(list.agency)}</title></head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/jkqxxgk/bmxxgkml/index.shtml">信息公开</a></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/jkqxxgk/bmxxgkml/index.shtml">部门信息公开目录</a> &gt; ${escapeHtml(list.agency)} &gt; 年度报告</div>
<div class="list"><ul>
${items}
</ul></div>
<div class="page">共${count}页 ${prev} ${next}</div>
</body></html>
`;
}

/** TRS WCM: items built by script from inline data, pager from createPageHTML — empty without JS. */
export function renderTrsList(list: SiteList, page: number): string | null {
  const count = pageCount(list);
  if (page >= count) return null;
  const data = JSON.stringify(slice(list, page).map((i) => ({ t: i.title, u: i.path, d: i.date })));
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(list.agency)} 政府信息公开年报</title></head>
<body>
<div class="position">首页 &gt; 政府信息公开 &gt; ${escapeHtml(list.agency)} &gt; 年度报告</div>
<ul id="list" class="xxgk-list"></ul>
<div id="pager"></div>
<script>
var items = ${data.replace(/</g, '\\u003c')};
document.getElementById('list').innerHTML = items.map(function (i) {
  return '<li><a href="' + i.u + '" title="' + i.t + '">' + i.t + '</a><span>' + i.d + '</span></li>';
}).join('');
function createPageHTML(count, current, prefix, suffix) {
  var h = '';
  for (var n = 0; n < count; n++) {
    h += n === current ? '<span>' + (n + 1) + '</span> ' : '<a href="' + (n === 0 ? prefix + '.' + suffix : prefix + '_' + n + '.' + suffix) + '">' + (n + 1) + '</a> ';
  }
  document.getElementById('pager').innerHTML = h;
}
createPageHTML(${count}, ${page}, "index", "html");
</script>
</body></html>
`;
}

export function renderJsonList(list: SiteList, page: number): string {
  const count = pageCount(list);
  const data =
    page >= 0 && page < count
      ? slice(list, page).map((i) => ({ title: i.title, url: i.path, date: `${i.date} 10:00:00` }))
      : [];
  return JSON.stringify({ total: list.items.length, pageCount: count, page: page + 1, data });
}

export function renderDirectory(lists: SiteList[]): string {
  const blocks = lists
    .filter((l) => l.kind === 'static')
    .map(
      (l) => `<div class="bm" data-agency="${escapeHtml(l.agency)}"><h3>${escapeHtml(l.agency)}</h3>
<a href="/jkqxxgk/${l.code}/jgzn.shtml">机构职能</a> <a href="/jkqxxgk/${l.code}/zcwj.shtml">政策文件</a> <a href="${l.path}">年度报告</a></div>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>部门信息公开目录</title></head>
<body>
<div class="position">当前位置：<a href="/">首页</a> &gt; 部门信息公开目录</div>
<div class="bmml">
${blocks}
</div>
</body></html>
`;
}
