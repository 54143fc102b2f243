/**
 * Detail pages and attachments: a generated report rendered by test/support (or a seed's text in a
 * <pre>), in the item's encoding. Attachment-only pages hold just the link inside the content div.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Cell } from '../../../extractors/record.ts';
import { buildDocx, buildPdf } from '../../support/documents/index.ts';
import {
  buildableOf,
  PORTAL_DOC_YEARS,
  portalDocFile,
  portalDocReport,
} from '../../support/documents/portal-doc.ts';
import { expectedCells, type GeneratedReport, generateReport } from '../../support/generate.ts';
import { escapeHtml, renderDetailPage } from '../../support/render/html.ts';
import type { SiteItem } from '../site.ts';
import { buildScanPdf, scanImagePath, scanPageCount } from './scans.ts';

/**
 * .doc attachments are committed fixtures (only LibreOffice writes .doc), one per year, built from
 * generated records (test/support/documents/portal-doc.ts, test/fixtures/documents/README.md).
 */
const DOC_DIR = join(import.meta.dirname, '../../fixtures/documents');
const docFixturePath = (year: number) => join(DOC_DIR, portalDocFile(year));

/** The years whose .doc fixture is on disk: reports of other years are never served as .doc. */
export function docFixtureYears(): number[] {
  return PORTAL_DOC_YEARS.filter((y) => existsSync(docFixturePath(y)));
}

/** The cells the item's .doc holds: its year's fixture record, not the item's own seed. */
export function docFixtureCells(item: SiteItem): Cell[] {
  return expectedCells(portalDocReport(docYearOf(item)));
}

function docYearOf(item: SiteItem): number {
  if (item.year === null) throw new Error(`no year for the .doc item ${item.path}`);
  return item.year;
}

/** The report an item shows; year and template as the site says, meta matching the list entry. */
export function reportOf(item: SiteItem): GeneratedReport {
  const year = item.year ?? 2020;
  // Now and then a later report still uses the 2019 template (seed 004 does).
  const template = year >= 2021 && (item.reportSeed ?? 0) % 7 === 0 ? '2019' : undefined;
  const r = generateReport(item.reportSeed ?? 1, {
    year,
    agency: item.agency,
    ...(template ? { template } : {}),
    // Scans have a number in every column: reading zeros right proves little.
    ...(item.kind.startsWith('scan-') ? { dense: true } : {}),
  });
  r.meta.title = item.title;
  r.meta.published_on = item.date;
  return r;
}

function metaOnly(item: SiteItem): GeneratedReport {
  return {
    meta: {
      title: item.title,
      agency: item.agency,
      year: item.year ?? 0,
      published_on: item.date,
      index_no: `GZJKQ-${item.id.slice(0, 8)}`,
    },
    templates: { active: '2021', requests: '2021', appeals: '2021' },
    values: { active: {}, requests: {}, appeals: {} },
    prose: { overview: '', problems: '', other: '' },
  };
}

const crumbs = (item: SiteItem) => [
  '首页',
  '部门信息公开目录',
  item.agency,
  item.isReport ? '年度报告' : '通知公告',
];

export function renderItemHtml(item: SiteItem): string {
  if (item.seedFile) {
    const text = readFileSync(item.seedFile, 'utf8');
    const body = `<pre style="white-space:pre-wrap">${escapeHtml(text)}</pre>`;
    return renderDetailPage(metaOnly(item), {
      indexNo: `SEED-${item.id.slice(0, 8)}`,
      breadcrumb: crumbs(item),
      bodyHtml: body,
    });
  }
  if (!item.isReport) {
    const body = `<p>${escapeHtml(item.title)}</p><p>各科室：现将有关事项通知如下，请认真贯彻落实。</p>`;
    return renderDetailPage(metaOnly(item), {
      indexNo: `GZJKQ-${item.id.slice(0, 8)}`,
      breadcrumb: crumbs(item),
      bodyHtml: body,
    });
  }
  const report = reportOf(item);
  const opts = { indexNo: report.meta.index_no, breadcrumb: crumbs(item) };
  if (item.kind === 'page') return renderDetailPage(report, opts);
  if (item.kind === 'scan-images' || item.kind === 'scan-page') {
    const pages = Array.from({ length: scanPageCount(item) }, (_, i) => scanImagePath(item, i + 1));
    const shown =
      item.kind === 'scan-page'
        ? pages.map(
            (src, i) =>
              `<p style="text-align:center"><img src="${src}" alt="第${i + 1}页" style="width:100%"></p>`,
          )
        : [
            `<p>${pages.map((href, i) => `<a href="${href}" target="_blank">第${i + 1}页</a>`).join('&nbsp; ')}</p>`,
          ];
    const body = `<p>${escapeHtml(item.title)}</p>\n${shown.join('\n')}`;
    return renderDetailPage(report, { ...opts, bodyHtml: body });
  }
  const name = `${item.title}.${item.kind === 'scan-pdf' ? 'pdf' : item.kind}`;
  const body = `<p>${escapeHtml(item.title)}（详见附件）</p>\n<p>附件：<a href="${item.documentPath}" title="${escapeHtml(name)}">${escapeHtml(name)}</a></p>`;
  return renderDetailPage(report, { ...opts, bodyHtml: body });
}

/** Bytes and Content-Type of a detail page in the item's encoding (including the lying header). */
export function encodeItemPage(item: SiteItem, html: string): { body: Buffer; contentType: string } {
  if (item.encoding === 'utf-8')
    return { body: Buffer.from(html, 'utf8'), contentType: 'text/html; charset=utf-8' };
  const meta = '<meta charset="utf-8">';
  const variants = {
    'gbk-header': { meta: '', header: 'text/html; charset=GBK' },
    'gbk-meta': {
      meta: '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
      header: 'text/html',
    },
    'gbk-both': { meta: '<meta charset="gbk">', header: 'text/html; charset=gbk' },
    'gbk-wrong-header': { meta: '<meta charset="gb2312">', header: 'text/html; charset=utf-8' },
  } as const;
  const v = variants[item.encoding];
  return { body: iconv.encode(html.replace(meta, v.meta), 'gbk'), contentType: v.header };
}

const CONTENT_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  doc: 'application/msword',
} as const;

export async function buildAttachment(item: SiteItem): Promise<{ body: Buffer; contentType: string }> {
  if (item.kind === 'scan-pdf') return buildScanPdf(item);
  const kind = item.kind as 'docx' | 'pdf' | 'doc';
  if (kind === 'doc')
    return { body: readFileSync(docFixturePath(docYearOf(item))), contentType: CONTENT_TYPES.doc };
  const report = buildableOf(reportOf(item));
  const bytes = kind === 'docx' ? await buildDocx(report) : await buildPdf(report);
  return { body: Buffer.from(bytes), contentType: CONTENT_TYPES[kind] };
}
