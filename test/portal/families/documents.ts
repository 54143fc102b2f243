/**
 * What a family item holds: the generated report's body (tables as HTML) for a page, or the bytes of
 * its attachment (.docx built from the generated report, .doc from the committed fixture of its year).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { buildDocx } from '../../support/documents/index.ts';
import { buildableOf, portalDocFile } from '../../support/documents/portal-doc.ts';
import { type GeneratedReport, generateReport } from '../../support/generate.ts';
import { escapeHtml, renderReportBodyHtml } from '../../support/render/html.ts';
import type { FamilyItem } from './site.ts';

const DOC_DIR = join(import.meta.dirname, '../../fixtures/documents');

export function familyReport(item: FamilyItem): GeneratedReport {
  const r = generateReport(item.reportSeed, { year: item.year ?? 2020, agency: item.agency });
  r.meta.title = item.title;
  r.meta.published_on = item.date;
  return r;
}

/** The HTML inside the family's content container. */
export function bodyHtml(item: FamilyItem, attachmentLink = ''): string {
  if (!item.isReport)
    return `<p>${escapeHtml(item.title)}</p><p>各有关单位：现将有关事项通知如下，请认真贯彻落实。</p>`;
  if (item.kind === 'page') return renderReportBodyHtml(familyReport(item));
  return `<p>${escapeHtml(item.title)}（详见附件）</p>${attachmentLink}`;
}

export const CONTENT_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
} as const;

export interface AttachmentReply {
  body: Buffer;
  headers: Record<string, string>;
}

/**
 * The attachment's bytes with the headers its type hint calls for. Download scripts that do not name
 * the type answer `application/octet-stream`, as they do in the wild.
 */
export async function attachmentReply(item: FamilyItem): Promise<AttachmentReply> {
  const kind = item.kind as 'docx' | 'doc';
  const body =
    kind === 'doc'
      ? readFileSync(join(DOC_DIR, portalDocFile(item.year!)))
      : Buffer.from(await buildDocx(buildableOf(familyReport(item))));
  const name = `${item.title}.${kind}`;
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (item.typeHint === 'url') headers['content-type'] = CONTENT_TYPES[kind];
  else if (item.typeHint === 'disposition')
    headers['content-disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
  else if (item.typeHint === 'disposition-gbk')
    // The raw GBK bytes of the name in the header, as many Java download servlets send it.
    headers['content-disposition'] = `attachment; filename="${iconv.encode(name, 'gbk').toString('latin1')}"`;
  return { body, headers };
}
