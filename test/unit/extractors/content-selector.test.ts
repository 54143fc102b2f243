/**
 * `hints.contentSelector` (a source's detail.contentSelector): the report is read inside the
 * container, the title and metadata block from the whole page; a selector that matches nothing,
 * matches a sidebar, or does not parse costs nothing. And a metadata <table> inside the content is
 * chrome (lines), never a report table: a section of text rows next to it is still read as text.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../extractors/index.ts';
import { diffCells } from '../../support/compare.ts';
import { expectedCells, generateReport } from '../../support/generate.ts';
import { escapeHtml, renderDetailPage, renderHtml } from '../../support/render/html.ts';

import { renderPipe } from '../../support/render/pipe.ts';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const SIDEBAR = `<div class="content sidebar"><p>热点排行</p><ul><li><a href="#">关于开展安全生产月活动的通知</a></li></ul></div>`;
const SHARE = '<div class="share">分享到：微信 微博 QQ空间 【打印本页】【关闭窗口】</div>';

function page(seed: number): { html: string; report: ReturnType<typeof generateReport> } {
  const report = generateReport(seed);
  const html = renderHtml(report)
    .replace('<div class="xxgk-detail">', `${SIDEBAR}\n<div class="xxgk-detail">`)
    .replace('<div class="footer">', `${SHARE}\n<div class="footer">`);
  return { html, report };
}

describe('contentSelector', () => {
  it('reads the report inside the container and the meta from the whole page', () => {
    for (const seed of SEEDS) {
      const { html, report } = page(seed);
      const r = extractText(html, { contentSelector: '#zoom' });
      expect(diffCells(r.cells, expectedCells(report)), `seed ${seed}`).toEqual([]);
      expect(r.meta).toMatchObject({
        title: report.meta.title,
        agency: report.meta.agency,
        year: report.meta.year,
        index_no: report.meta.index_no,
      });
      // Positions name the document's tables whichever part was read (xxgk trace reads the page).
      const whole = extractText(html);
      expect(r.cells.map((c) => c.source)).toEqual(whole.cells.map((c) => c.source));
      // The share bar after the container is not part of section 六.
      expect(r.sections.other ?? '', `seed ${seed}`).not.toContain('分享到');
      expect(whole.sections.other ?? '').toContain('分享到');
    }
  });

  it('a selector that matches a sidebar, nothing, or does not parse: the whole page is read', () => {
    for (const seed of SEEDS.slice(0, 4)) {
      const { html, report } = page(seed);
      for (const sel of ['.content', '#no-such-id', 'div[[', '.content, #zoom']) {
        const r = extractText(html, { contentSelector: sel });
        expect(diffCells(r.cells, expectedCells(report)), `seed ${seed} ${sel}`).toEqual([]);
        expect(r.status, sel).not.toBe('failed');
      }
    }
  });

  it('a metadata <table> inside the content next to text rows: the rows are still read, the block feeds the meta', () => {
    for (const seed of SEEDS) {
      const report = generateReport(seed);
      const lines = renderPipe(report).split('\n');
      const body = lines.slice(lines.findIndex((l) => l.startsWith('一、')));
      const meta = `<table class="xxgk-meta"><tr><td>索引号：</td><td>${report.meta.index_no}</td><td>发布机构：</td><td>${escapeHtml(report.meta.agency)}</td></tr><tr><td>生成日期：</td><td>${report.meta.published_on}</td><td>主题分类：</td><td>综合政务</td></tr></table>`;
      // The block printed inside section 三, right above its text rows.
      const at = body.findIndex((l) => l.startsWith('三、')) + 1;
      const withMeta = [...body.slice(0, at), '\u0000', ...body.slice(at)];
      const bodyHtml = withMeta.map((l) => (l === '\u0000' ? meta : `<p>${escapeHtml(l)}</p>`)).join('\n');
      const html = renderDetailPage(report, { indexNo: report.meta.index_no, bodyHtml });
      const r = extractText(html);
      expect(diffCells(r.cells, expectedCells(report)), `seed ${seed}`).toEqual([]);
      expect(r.meta.index_no).toBe(report.meta.index_no);
    }
  });
});
