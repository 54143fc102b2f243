/**
 * Regenerates the text/HTML encoding fixtures in test/fixtures/documents/ (run by hand):
 *   npx tsx test/support/documents/make-text-fixtures.ts
 * Each file holds the same small report page in a different encoding or with a different
 * (sometimes wrong) charset declaration; README.md there lists them.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import iconv from 'iconv-lite';

const OUT = resolve(import.meta.dirname, '../../fixtures/documents');
const BODY =
  '<h1>2020年政府信息公开工作年度报告</h1>\n<table><tr><td>行政许可</td><td>12</td><td>0</td><td>5</td></tr></table>\n';
const page = (meta: string) =>
  `<!DOCTYPE html>\n<html><head>${meta}<title>年度报告</title></head>\n<body>\n${BODY}</body></html>\n`;
const TEXT = '2020年政府信息公开工作年度报告\n行政许可 | 12 | 0 | 5\n结转下年度继续办理 | 0\n';

const files: Record<string, Buffer> = {
  'gbk-meta-charset.html': iconv.encode(page('<meta charset="gb2312">'), 'gbk'),
  'gbk-http-equiv.html': iconv.encode(
    page('<meta http-equiv="Content-Type" content="text/html; charset=GBK">'),
    'gbk',
  ),
  'gbk-undeclared.txt': iconv.encode(TEXT, 'gbk'),
  // Served with `Content-Type: text/html; charset=utf-8` in the tests: the header is wrong.
  'gbk-bytes-no-meta.html': iconv.encode(page(''), 'gbk'),
  // Declares gb2312 but the bytes are UTF-8 (a CMS template copied from an old site).
  'utf8-bytes-gbk-meta.html': Buffer.from(page('<meta charset="gb2312">'), 'utf8'),
  // A BOM wins over everything, even a contradicting <meta>.
  'utf8-bom-gbk-meta.html': Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(page('<meta charset="gbk">'), 'utf8'),
  ]),
  'utf16le-bom.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]),
  'utf16be-bom.txt': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(TEXT, 'utf16le').swap16()]),
  'utf16le-no-bom.txt': Buffer.from(TEXT, 'utf16le'),
  // Traditional characters only: Big5 has no simplified ones.
  'big5-meta.html': iconv.encode(
    '<html><head><meta charset="big5"><title>年度報告</title></head><body><table><tr><td>行政許可</td><td>12</td></tr></table></body></html>\n',
    'big5',
  ),
  'utf8-plain.txt': Buffer.from(TEXT, 'utf8'),
};
for (const [name, bytes] of Object.entries(files)) writeFileSync(resolve(OUT, name), bytes);
console.log(`${Object.keys(files).length} files written to ${OUT}`);
