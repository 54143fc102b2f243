/**
 * Adversarial text inputs for the extractor, generated at any size: each family is one shape of
 * input built to find superlinear paths (issue 13), so the tests can time it at size n and 2n and
 * the bench (`npm run bench -- robustness`) at the sizes seen in the wild.
 *
 * - `span-per-char`: a Word-exported detail page (a report rendered as HTML) with a
 *   `<span style=…>` around every character, the page's body repeated to size (1.3 MB seen).
 * - `pipes`, `pipes-in-table`: one line of `|` (100k seen), alone or inside a report's table.
 * - `fullwidth-spaces`, `fullwidth-spaces-in-row`: a run of U+3000 (100k seen), alone or inside a
 *   table row between its label and its values.
 * - `wide-rows`: a report whose table rows each have thousands of extra pipe columns (10k seen).
 * - `repeated-rows`: a report whose table rows repeat until the text reaches size (16 MB seen).
 */
import { generateReport } from './generate.ts';
import { renderHtml } from './render/html.ts';
import { renderPipe } from './render/pipe.ts';

export interface AdversarialFamily {
  name: string;
  /** What the size counts (characters of the input, or columns). */
  unit: string;
  /** The input at size `n` (in `unit`s). */
  build(n: number): string;
  /** The size seen in the wild, for the bench. */
  wild: number;
}

/** Every character of the text between tags wrapped in a span, as Word's "save as web page" does. */
function spanEveryChar(html: string): string {
  return html.replace(/>([^<]+)</g, (_m, text: string) => {
    let out = '>';
    // An entity (&gt;) is one character.
    for (const [ch] of text.matchAll(/&#?\w+;|[\s\S]/gu))
      out += /^\s$/.test(ch)
        ? ch
        : `<span lang=ZH-CN style='font-family:宋体;mso-bidi-font-family:宋体'>${ch}</span>`;
    return `${out}<`;
  });
}

/** `unit` repeated to about `n` characters, whole copies only (so that 2n is twice n's copies). */
function toSize(unit: string, n: number): string {
  return unit.repeat(Math.max(1, Math.round(n / unit.length)));
}

/** The pipe report with `line` inserted after its first table row. */
function insertInTable(text: string, line: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /\|\s*\d/.test(l));
  lines.splice(at + 1, 0, line);
  return lines.join('\n');
}

const report = generateReport(7);
const spanned = spanEveryChar(renderHtml(report));
const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(spanned)?.[1] ?? spanned;
const pipeText = renderPipe(report);

export const ADVERSARIAL: AdversarialFamily[] = [
  {
    name: 'span-per-char',
    unit: 'chars',
    wild: 1_300_000,
    build: (n) => `<html><head><meta charset="utf-8"></head><body>${toSize(body, n)}</body></html>`,
  },
  { name: 'pipes', unit: 'chars', wild: 100_000, build: (n) => '|'.repeat(n) },
  {
    name: 'pipes-in-table',
    unit: 'chars',
    wild: 100_000,
    build: (n) => insertInTable(pipeText, '|'.repeat(n)),
  },
  { name: 'fullwidth-spaces', unit: 'chars', wild: 100_000, build: (n) => '\u3000'.repeat(n) },
  {
    name: 'fullwidth-spaces-in-row',
    unit: 'chars',
    wild: 100_000,
    build: (n) => insertInTable(pipeText, `其他${'\u3000'.repeat(n)}| 1 | 2 | 3`),
  },
  {
    name: 'wide-rows',
    unit: 'columns',
    wild: 10_000,
    build: (n) => {
      const extra = ' | 0'.repeat(n);
      return pipeText
        .split('\n')
        .map((l) => (l.includes('|') ? l + extra : l))
        .join('\n');
    },
  },
  {
    name: 'wide-html-table',
    unit: 'columns',
    wild: 10_000,
    build: (n) => {
      const row = (label: string) =>
        `<tr><td><p><span>${label}</span></p></td>${'<td><p><span>0</span></p></td>'.repeat(n)}</tr>`;
      const rows = Array.from({ length: 20 }, (_, i) => row(`${i + 1}.行政许可`)).join('');
      return `<html><body><p>二、主动公开政府信息情况</p><table>${rows}</table></body></html>`;
    },
  },
  {
    name: 'repeated-html-rows',
    unit: 'chars',
    wild: 16 * 1024 * 1024,
    build: (n) => {
      const html = renderHtml(report);
      const rows = html.match(/<tr>[\s\S]*?<\/tr>/g) ?? [];
      const unit = rows.slice(2, 12).join('');
      const at = html.indexOf('</table>');
      return `${html.slice(0, at)}${toSize(unit, n)}${html.slice(at)}`;
    },
  },
  {
    name: 'repeated-rows',
    unit: 'chars',
    wild: 16 * 1024 * 1024,
    build: (n) => {
      const lines = pipeText.split('\n');
      const rows = lines.filter((l) => /\|\s*\d/.test(l)).join('\n');
      const head = lines.slice(0, Math.floor(lines.length / 2)).join('\n');
      return `${head}\n${toSize(`${rows}\n`, Math.max(0, n - head.length))}`;
    },
  },
];
