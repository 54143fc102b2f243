/** index.html: every chart's SVG inline, no script, no external resource (opens from disk, offline). */
import type { Chart } from './charts.ts';
import { esc, FONT } from './style.ts';

export interface PageInfo {
  /** Where the numbers came from, e.g. "PostgreSQL, schema public". */
  source: string;
  generatedAt: Date;
  reports: number;
}

export function chartsPage(charts: Chart[], info: PageInfo): string {
  const toc = charts.map((c) => `<li><a href="#${esc(c.name)}">${esc(c.title)}</a></li>`).join('\n');
  const figures = charts
    .map(
      (c) => `<figure id="${esc(c.name)}">
${c.svg.trim()}
<figcaption>${esc(c.note)} <a href="${esc(c.name)}.svg">${esc(c.name)}.svg</a></figcaption>
</figure>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>政府信息公开年度报告统计图 (xxgk charts)</title>
<style>
body { font-family: ${FONT}; margin: 24px auto; max-width: 940px; color: #222; padding: 0 12px; }
h1 { font-size: 22px; margin-bottom: 4px; }
.meta { color: #666; font-size: 13px; margin-top: 0; }
figure { margin: 28px 0; border: 1px solid #e3e3e3; border-radius: 6px; padding: 8px; }
figure svg { max-width: 100%; height: auto; display: block; margin: 0 auto; }
figcaption { font-size: 13px; color: #555; margin: 6px 8px 2px; }
ul { font-size: 14px; }
</style>
</head>
<body>
<h1>政府信息公开年度报告统计图 (Government information disclosure: annual report charts)</h1>
<p class="meta">数据来源 (source)：${esc(info.source)} · 现行报告 (current reports)：${info.reports} · 生成时间 (generated)：${esc(info.generatedAt.toISOString())}</p>
<ul>
${toc}
</ul>
${figures}
</body>
</html>
`;
}
