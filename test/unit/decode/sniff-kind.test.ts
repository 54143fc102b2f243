import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sniffKind } from '../../../extractors/decode.ts';
import { buildCmapPdf, buildDocx, sampleReport } from '../../support/documents/index.ts';

const FIX = resolve(import.meta.dirname, '../../fixtures/documents');
const fixture = (name: string) => new Uint8Array(readFileSync(resolve(FIX, name)));
const utf8 = (s: string) => new TextEncoder().encode(s);

/** A minimal OLE header followed by a directory entry name in UTF-16LE, as in a real compound file. */
function ole(stream: string): Uint8Array {
  const head = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  return new Uint8Array(
    Buffer.concat([head, Buffer.alloc(504), Buffer.from(stream, 'utf16le'), Buffer.alloc(64)]),
  );
}

describe('sniffKind', () => {
  it('recognises documents by magic bytes, whatever the server says', async () => {
    const docx = await buildDocx(sampleReport());
    expect(sniffKind(docx, { contentType: 'application/octet-stream', filename: 'a.pdf' })).toBe('docx');
    expect(sniffKind(buildCmapPdf(sampleReport()), { contentType: 'text/html' })).toBe('pdf');
    expect(sniffKind(fixture('report-2021.pdf'))).toBe('pdf');
    expect(sniffKind(fixture('report-2019.doc'), { filename: 'report.docx' })).toBe('doc');
    expect(sniffKind(ole('WordDocument'))).toBe('doc');
    expect(sniffKind(ole('Workbook'))).toBe('xls');
    expect(sniffKind(ole('SummaryInformation'))).toBe('unknown');
  });

  it('tells an xlsx and an unknown zip from a docx', () => {
    const zip = (entry: string) =>
      new Uint8Array(
        Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26), Buffer.from(entry)]),
      );
    expect(sniffKind(zip('xl/workbook.xml'))).toBe('xls');
    expect(sniffKind(zip('images/a.png'))).toBe('unknown');
    expect(sniffKind(zip('word/document.xml'))).toBe('docx');
  });

  it('recognises HTML by its markup in any encoding', () => {
    expect(sniffKind(fixture('gbk-meta-charset.html'))).toBe('html');
    expect(sniffKind(fixture('utf8-bom-gbk-meta.html'))).toBe('html');
    expect(sniffKind(utf8('  <!-- cms -->\n<table><tr><td>规章</td></tr></table>'))).toBe('html');
    expect(sniffKind(utf8('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"></html>'))).toBe(
      'html',
    );
    expect(sniffKind(utf8('<HTML><BODY>x</BODY></HTML>'), { contentType: 'text/plain' })).toBe('html');
  });

  it('falls back to Content-Type, then the file name extension', () => {
    const body = utf8('2020年度报告\n规章 | 0 | 0 | 0');
    expect(sniffKind(body, { contentType: 'text/plain; charset=utf-8' })).toBe('text');
    expect(sniffKind(body, { contentType: 'text/html' })).toBe('html');
    expect(sniffKind(body)).toBe('text');
    // Bytes that are no document we know but that the server or link calls one: the converter reports them corrupt.
    expect(sniffKind(utf8('garbage'), { contentType: 'application/pdf' })).toBe('pdf');
    expect(sniffKind(utf8('garbage'), { filename: '/upload/2021/报告.DOCX' })).toBe('docx');
    expect(sniffKind(utf8('garbage'), { filename: 'report.wps?download=1' })).toBe('doc');
    expect(sniffKind(utf8('garbage'), { filename: 'stats.xlsx' })).toBe('xls');
    expect(sniffKind(fixture('gbk-undeclared.txt'), { filename: 'r.txt' })).toBe('text');
    expect(sniffKind(fixture('utf16le-no-bom.txt'))).toBe('text');
  });

  it('calls binary garbage unknown even when it is served as text/html', () => {
    const bytes = new Uint8Array(2048).map((_, i) => (i * 7919) % 251);
    expect(sniffKind(bytes)).toBe('unknown');
    expect(sniffKind(bytes, { contentType: 'text/html' })).toBe('unknown');
  });
});
