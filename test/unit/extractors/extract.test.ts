/** The public API: extractText on whole documents (HTML, pre-2019, rejected shapes), extractBytes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EXTRACTOR_VERSION,
  ExtractInputError,
  extractBytes,
  extractText,
} from '../../../extractors/index.ts';
import { ReportRecord } from '../../../extractors/record.ts';

const SEEDS = join(import.meta.dirname, '../../fixtures/seeds');
const seed001 = readFileSync(join(SEEDS, '001_32db68a7ed8774d3.txt'), 'utf8');
const value = (r: ReportRecord, table: string, row: string, col: string) =>
  r.cells.find((c) => c.table === table && c.row === row && c.col === col)?.value;

describe('extractText', () => {
  it('has a version and returns valid records', () => {
    expect(EXTRACTOR_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(ReportRecord.safeParse(extractText(seed001)).success).toBe(true);
  });

  it('reads an HTML detail page: page metadata, rowspan/colspan tables, missing rows reported', () => {
    const html = readFileSync(join(import.meta.dirname, 'fixtures/detail-page.html'), 'utf8');
    const r = extractText(html);
    expect(r.meta).toEqual({
      title: '赣州经开区市场监管分局2020年政府信息公开工作年度报告',
      agency: '赣州经开区市场监管分局',
      year: 2020,
      published_on: '2021-01-25',
      index_no: 'K36000-0101-2021-0001',
    });
    // Only rows both templates print are visible (no （六）其他处理): the template is unknown
    // (issue 12), and the shared rows are still read.
    expect(r.templates.requests).toBeNull();
    expect(value(r, 'requests', 'new_received', 'total')).toBe(2);
    expect(value(r, 'requests', 'granted', 'natural_person')).toBe(2);
    expect(r.cells.find((c) => c.row === 'granted' && c.col === 'total')?.source).toEqual({
      table_index: 1,
      row: 2,
      col: 8,
    });
    expect(r.findings.some((f) => f.code === 'table.missing' && f.row === 'carried_over')).toBe(true);
    expect(r.findings.some((f) => f.code === 'table.missing' && f.table === 'active' && f.row === null)).toBe(
      true,
    );
    expect(r.status).toBe('partial');
  });

  it('a report pasted into <pre> reads like the text itself', () => {
    const esc = seed001.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const r = extractText(`<html><body><pre>${esc}</pre></body></html>`);
    expect(r.cells).toEqual(extractText(seed001).cells);
    expect(r.status).toBe('ok');
  });

  it('extractBytes trusts the sniffed kind: a .txt mentioning <p> is read as text', async () => {
    const text = `${seed001}\n注：网页中的<p>标签不影响。`;
    const r = await extractBytes(new TextEncoder().encode(text), {
      filename: 'r.txt',
      contentType: 'text/plain',
    });
    expect(r.status).toBe('ok');
  });

  it('a pre-2019 report (no tables, older layout) is stored with its prose as template pre2019', () => {
    const text = [
      '某某局2017年政府信息公开工作年度报告',
      '一、概述',
      '本年度我局认真贯彻条例。',
      '二、主动公开政府信息情况',
      '全年主动公开信息120条。',
      '三、依申请公开政府信息情况',
      '全年收到申请3件。',
      '六、政府信息公开工作存在的主要问题及改进情况',
      '公开意识有待加强。',
    ].join('\n');
    const r = extractText(text);
    expect(r.status).toBe('ok');
    expect(r.templates).toEqual({ active: 'pre2019', requests: 'pre2019', appeals: 'pre2019' });
    expect(r.cells).toEqual([]);
    expect(r.sections.overview).toBe('本年度我局认真贯彻条例。');
    expect(r.sections.problems).toBe('公开意识有待加强。');
  });

  it('a current report without any table is failed, with table.missing findings', () => {
    const r = extractText('某局2022年政府信息公开工作年度报告\n一、总体情况\n无。\n');
    expect(r.status).toBe('failed');
    expect(r.findings.filter((f) => f.code === 'table.missing').map((f) => f.table)).toEqual([
      'active',
      'requests',
      'appeals',
    ]);
  });

  it('a shape named in rejectShapes is not read', () => {
    const ok = extractText(seed001);
    expect(ok.status).toBe('ok');
    const r = extractText(seed001, { rejectShapes: ['pipe-rows'] });
    expect(r.status).toBe('failed');
    expect(r.findings.map((f) => f.message).join(' ')).toContain('pipe-rows');
  });

  it('meta.late after 31 January of the following year; hints override the text', () => {
    const r = extractText(seed001, { publishedOn: '2021-03-01' });
    expect(r.meta.published_on).toBe('2021-03-01');
    expect(r.findings.map((f) => f.code)).toContain('meta.late');
    expect(extractText(seed001, { publishedOn: '2021-01-31' }).findings.map((f) => f.code)).not.toContain(
      'meta.late',
    );
  });

  it('never throws on garbage', () => {
    for (const s of [
      '',
      '\u0000\u0001',
      '<table><tr><td rowspan="99999">',
      '|'.repeat(10_000),
      '三、收到和处理政府信息公开申请情况\n（七）总计 | 1 |',
    ]) {
      expect(() => extractText(s)).not.toThrow();
    }
  });
});

describe('extractBytes', () => {
  it('decodes text bytes (GB18030 too) and extracts', async () => {
    const iconv = (await import('iconv-lite')).default;
    const r = await extractBytes(new Uint8Array(iconv.encode(seed001, 'gb18030')), { filename: '001.txt' });
    expect(r.meta.agency).toBe('凉州区市场监督管理局');
    expect(r.status).toBe('ok');
  });

  it('throws ExtractInputError for empty or unsupported input', async () => {
    await expect(extractBytes(new Uint8Array(), { filename: 'x.txt' })).rejects.toMatchObject({
      code: 'input.empty',
    });
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(600).fill(0)]);
    const err = await extractBytes(xls, { filename: 'x.xls' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractInputError);
    expect((err as ExtractInputError).code).toBe('input.unsupported');
  });
});
