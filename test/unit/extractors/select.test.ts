/**
 * The content selector found on the extractor's own DOM (extractors/select.ts) must pick the
 * element cheerio's `$(selector).first()` picks, on the same page: differential over rendered
 * detail pages, the HTML fixtures and random markup, for the selector lists sources declare.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../config/sources/presets.ts';
import { type DomNode, fastParse } from '../../../extractors/html-parse.ts';
import { domToText } from '../../../extractors/html-text.ts';
import { parseSimpleSelector, selectFirst } from '../../../extractors/select.ts';
import { generateReport } from '../../support/generate.ts';
import { renderDetailPage, renderHtml } from '../../support/render/html.ts';

const SELECTORS = [
  ...new Set([
    ...Object.values(PRESETS).flatMap((p) => (p.detail?.contentSelector ? [p.detail.contentSelector] : [])),
    '#zoom',
    '.content',
    'div.content',
    'article, .article',
    '.content.b, section#x',
    'DIV.xxgk-detail',
  ]),
];

/** The container's text both ways (null when nothing matches): the same element gives the same text. */
function both(html: string, selector: string): [string | null, string | null] | null {
  const dom = fastParse(html);
  const compounds = parseSimpleSelector(selector);
  if (!dom || !compounds) return null;
  const mine = selectFirst(dom, compounds);
  if (mine === undefined) return null; // an attribute only htmlparser2 decodes: cheerio is asked
  const $ = cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true } });
  const theirs = $(selector).first()[0] as unknown as DomNode | undefined;
  return [
    mine ? domToText(dom, mine) : null,
    theirs ? domToText($.root()[0] as unknown as DomNode, theirs) : null,
  ];
}

describe('selectFirst', () => {
  it('parses the selector lists sources declare, and declines richer ones', () => {
    expect(SELECTORS.length).toBeGreaterThan(8);
    for (const s of SELECTORS) expect(parseSimpleSelector(s), s).not.toBeNull();
    for (const s of ['div p', 'div > p', 'a[href]', 'p:first-child', 'div[[', '', '#a#b', '*'])
      expect(parseSimpleSelector(s), s).toBeNull();
    expect(parseSimpleSelector('DIV.a.b , #z')).toEqual([
      { tag: 'div', id: null, classes: ['a', 'b'] },
      { tag: null, id: 'z', classes: [] },
    ]);
  });

  it('picks what cheerio picks on rendered pages and fixtures', () => {
    const pages: string[] = [];
    for (let i = 0; i < 12; i++) {
      const report = generateReport(i * 7 + 3);
      pages.push(renderHtml(report), renderDetailPage(report, { indexNo: 'X-1' }));
    }
    const dir = join(import.meta.dirname, '../../fixtures/documents');
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.html')))
      pages.push(readFileSync(join(dir, f), 'utf8'));
    let compared = 0;
    let found = 0;
    for (const html of pages)
      for (const sel of SELECTORS) {
        const r = both(html, sel);
        if (!r) continue;
        compared++;
        if (r[1] !== null) found++;
        expect(r[0], sel).toBe(r[1]);
      }
    expect(compared).toBeGreaterThan(100);
    expect(found).toBeGreaterThan(20);
  });

  it('picks what cheerio picks in random markup', () => {
    const piece = fc.constantFrom(
      '<div class="content">',
      '<div id="zoom">',
      '<DIV Class="a content">',
      '<section id=x class="content b">',
      '<article>',
      '</article>',
      '<div class="contents">',
      '<p class="TRS_Editor">',
      '<table><tr><td class="content">',
      '</td></tr></table>',
      '</div>',
      '</section>',
      '<p>',
      '</p>',
      'text',
      '12',
      '<br>',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.constantFrom(...SELECTORS), (parts, sel) => {
        const r = both(parts.join(''), sel);
        if (r) expect(r[0]).toBe(r[1]);
      }),
      { numRuns: 500, seed: 11 },
    );
  });
});
