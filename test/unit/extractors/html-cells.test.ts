/**
 * Line breaks and paragraphs inside HTML value cells (`<td>12<br></td>`, `<td><p>1</p><p>2</p></td>`):
 * an empty break or paragraph is layout, but two numbers in one cell are never glued into one.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../extractors/index.ts';
import { generateReport } from '../../support/generate.ts';
import { renderHtml } from '../../support/render/html.ts';

const VALUE_CELL = /<p style="text-align:center;"><span[^>]*>[^<]*<\/span><\/p>/;

/** The detail page with the first value cell of the active table holding `inner`. */
function pageWith(inner: string, seed: number): string {
  const html = renderHtml(generateReport(seed));
  const m = VALUE_CELL.exec(html);
  expect(m, 'a value cell in the rendered page').not.toBeNull();
  return html.replace(VALUE_CELL, inner);
}

function firstActiveCell(html: string) {
  const record = extractText(html);
  const cell = record.cells.find((c) => c.table === 'active' && c.row === 'regulations');
  expect(cell).toBeDefined();
  const findings = record.findings.filter((f) => f.table === 'active' && f.row === 'regulations');
  return { cell: cell as NonNullable<typeof cell>, findings, status: record.status };
}

describe('HTML value cells with <br> and <p>', () => {
  const readable: Array<[string, number]> = [
    ['12<br>', 12],
    ['<br>12', 12],
    ['12<br/>', 12],
    ['<p>12</p><p></p>', 12],
    ['<p>&nbsp;</p><p>7</p>', 7],
    ['<p><span>1</span><span>2</span></p>', 12],
    ['<p>3<br></p>', 3],
  ];
  for (const [inner, value] of readable)
    it(`${inner} → ${value}`, () => {
      for (const seed of [1, 2]) {
        const { cell, findings } = firstActiveCell(pageWith(inner, seed));
        expect(cell.value).toBe(value);
        expect(findings.map((f) => f.code)).not.toContain('value.unreadable');
      }
    });

  const twoNumbers = ['<p>1</p><p>2</p>', '1<br>2', '<p>1<br>2</p>', '<div>10</div><div>5</div>'];
  for (const inner of twoNumbers)
    it(`${inner} → value.unreadable, not one number`, () => {
      for (const seed of [1, 2]) {
        const { cell, findings } = firstActiveCell(pageWith(inner, seed));
        expect(cell.value).toBeNull();
        expect(cell.raw.replace(/\s+/g, '')).toBe(inner.replace(/<[^>]+>/g, ''));
        expect(cell.raw).toMatch(/\d\s+\d/);
        expect(findings.map((f) => `${f.code}:${f.col}`)).toContain(`value.unreadable:${cell.col}`);
      }
    });
});
