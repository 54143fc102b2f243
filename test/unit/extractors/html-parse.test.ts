/**
 * The fast HTML scanner must build exactly the tree htmlparser2 builds, or decline (null).
 * Differential: real-looking pages, the repo's HTML fixtures, and random markup soup.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attributesOf,
  type DomNode,
  fastParse,
  OPEN_TAG,
  openTag,
  tagScan,
} from '../../../extractors/html-parse.ts';
import { domToText, slowParse } from '../../../extractors/html-text.ts';
import { generateReport } from '../../support/generate.ts';
import { renderDetailPage, renderHtml } from '../../support/render/html.ts';

type Plain = string | { t: string; n?: string; a?: Record<string, string>; c: Plain[] };

/** The parts of a node the extractor reads; adjacent text merged as domhandler merges it. */
function plain(node: DomNode): Plain {
  if (node.type === 'text') return node.data ?? '';
  const c: Plain[] = [];
  for (const k of node.children ?? []) {
    if (k.type === 'comment' || k.type === 'directive') continue;
    c.push(plain(k));
  }
  return {
    t: node.type,
    ...(node.name ? { n: node.name } : {}),
    // fastParse reads attributes only where the extractor reads them: cells' spans, <meta>, and
    // a `white-space` style (html-text reads pre-wrap elements' line breaks); a cell's others and
    // any element's id and class are read on demand (attributesOf), and must come out the same.
    ...(node.attribs && ['td', 'th', 'meta'].includes(node.name ?? '')
      ? { a: { ...(attributesOf(node) ?? { unreadable: 'x' }) } }
      : idAndClass(node.name ? (attributesOf(node) ?? { unreadable: 'x' }) : undefined)),
    ...(node.attribs?.style && /white-space/i.test(node.attribs.style) ? { s: node.attribs.style } : {}),
    c,
  };
}

function idAndClass(a: Record<string, string> | undefined): { a?: Record<string, string> } {
  const kept = Object.fromEntries(Object.entries(a ?? {}).filter(([k]) => k === 'id' || k === 'class'));
  return Object.keys(kept).length > 0 ? { a: kept } : {};
}

function same(html: string): boolean {
  const fast = fastParse(html);
  if (fast === null) return false;
  expect(plain(fast)).toEqual(plain(slowParse(html)));
  return true;
}

const FIXTURE_DIRS = ['../../fixtures/documents', 'fixtures', '../crawlers/fixtures'].map((d) =>
  join(import.meta.dirname, d),
);

describe('fastParse', () => {
  it('builds htmlparser2’s tree for rendered detail pages (and does not decline them)', () => {
    for (let i = 0; i < 40; i++) {
      const report = generateReport(i * 13 + 1, i % 3 === 0 ? { template: '2019' } : {});
      expect(same(renderHtml(report))).toBe(true);
      expect(same(renderDetailPage(report, { indexNo: 'X-1', bodyHtml: '<pre>a\n&lt;b&gt;</pre>' }))).toBe(
        true,
      );
    }
  });

  it('builds htmlparser2’s tree for every HTML fixture it accepts', () => {
    let accepted = 0;
    for (const dir of FIXTURE_DIRS)
      for (const f of readdirSync(dir).filter((f) => f.endsWith('.html'))) {
        if (same(readFileSync(join(dir, f), 'latin1'))) accepted++;
      }
    expect(accepted).toBeGreaterThan(3);
  });

  it('follows htmlparser2 on implied closes, stray end tags, void and raw-text elements', () => {
    const cases = [
      '<table><tr><td>1<td>2<tr><td>3</table>',
      '<p>a<p>b<div>c</p></div>',
      '</p>x</br>y</span>z',
      '<ul><li>a<li>b</ul><dl><dt>x<dd>y</dl>',
      '<td>outside a table</td><tbody><tr><td>x',
      '<div><span>unclosed</div>after',
      '<title>a &amp; b</title><script>if (a<b) x="</p>"</script><style>p{}</style>t',
      '<BR><Td RowSpan=2 COLSPAN="3" rowspan=9>x</TD>',
      '<meta name="PubDate" content="2024-01-05 09:30"><meta name=pubdate content=x>',
      '<!DOCTYPE html><!-- c --><?xml x?>a<!--x-->b',
      'a < b, 3<4, <中>, &amp;amp; &#20013;&#x6587; &nbsp;',
      '<p>a\r<!---->\nb</p><pre>\nx\r\ny</pre>',
      '<select><option>a<option>b</select><input value="&lt;"><img src=a/b.png/>',
    ];
    let accepted = 0;
    for (const html of cases) if (same(html)) accepted++;
    expect(accepted).toBe(cases.length);
  });

  it('stays right when thousands of distinct tag names overflow its name cache', () => {
    const names = Array.from({ length: 2500 }, (_, i) => `x${i}`);
    const html = `${names.map((n) => `<${n}>${n}</${n.toUpperCase()}>`).join('<br>')}<p>a</br>b</p><td>1<td>2</td><p>c</p>`;
    expect(same(html)).toBe(true);
  });

  it('declines what it does not read like htmlparser2', () => {
    for (const html of [
      '<p>&ldquo;x&rdquo;</p>',
      '<p>&#128;</p>',
      '<p a="1"b="2">x</p>',
      '<span/>x',
      '<svg><path/></svg>',
      '<![CDATA[x]]>',
      '<p>x<',
      '<!-- open',
      '</td/>',
      '<title>x',
    ])
      expect(fastParse(html), html).toBeNull();
  });

  it('agrees with htmlparser2 on random markup whenever it accepts it', () => {
    const piece = fc.constantFrom(
      '<table>',
      '</table>',
      '<tr>',
      '</tr>',
      '<td>',
      '<td rowspan="2">',
      '<th colspan=3>',
      '</td>',
      '<p>',
      '</p>',
      '<br>',
      '</br>',
      '<div class="a">',
      '<div id="zoom" class="content b">',
      '<section ID=x CLASS="a c" class="ignored" style="x:y">',
      '<p class=MsoNormal style="margin:0">',
      '<span data-id="1" xid=2>',
      '</div>',
      '<span>',
      '</span>',
      '<li>',
      '<pre>',
      '</pre>',
      '<h1>',
      '</h1>',
      '<title>t</title>',
      '<script>x<y</script>',
      '<!-- c -->',
      '&nbsp;',
      '&amp;',
      '&lt;',
      '&#20013;',
      '&copy;',
      '&',
      '<',
      ' <3 ',
      '12',
      '\n',
      '\r\n',
      '项目',
      '<tbody>',
      '<tfoot>',
      '<option>',
      '<select>',
      '<img src=x>',
      '<input/>',
    );
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const html = parts.join('');
        if (same(html)) {
          accepted++;
          expect(domToText(fastParse(html) as DomNode)).toBe(domToText(slowParse(html)));
        }
      }),
      { numRuns: 600, seed: 7 },
    );
    expect(accepted).toBeGreaterThan(300);
  });
});

describe('openTag', () => {
  /** The regex's answer and the scanner's, in one shape: null, or name, attributes, slash and length. */
  function both(html: string) {
    OPEN_TAG.lastIndex = 0;
    const m = OPEN_TAG.exec(html);
    const byRegex = m ? [m[1], m[2], m[3], m[0].length] : null;
    const byHand = openTag(html, 0)
      ? [
          html.slice(1, tagScan.nameEnd),
          html.slice(tagScan.nameEnd, tagScan.attrsEnd),
          tagScan.selfClosing ? '/' : '',
          tagScan.end,
        ]
      : null;
    return { byRegex, byHand };
  }

  it('accepts exactly what the open-tag pattern accepts, and reads the same parts', () => {
    // Tags built from the characters that decide the grammar: separators, quotes, `=`, `/`, `>`, `<`.
    const bit = fc.constantFrom(
      ' ',
      '\t',
      '\n',
      '=',
      '"',
      "'",
      '/',
      '>',
      '<',
      '`',
      'a',
      'B',
      '1',
      ':',
      '-',
      '中',
      '&',
      '.',
    );
    let matched = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('a', 'td', 'P', 'o:p', 'x-1'),
        fc.array(bit, { maxLength: 24 }),
        (name, rest) => {
          const html = `<${name}${rest.join('')}`;
          const { byRegex, byHand } = both(html);
          expect(byHand).toEqual(byRegex);
          if (byRegex) matched++;
        },
      ),
      { numRuns: 20_000, seed: 11 },
    );
    expect(matched).toBeGreaterThan(1000);
  });

  it('reads quoted, bare and spaced values, repeated names and self-closing slashes as the pattern does', () => {
    for (const html of [
      '<td rowspan="2" colspan=3>',
      '<a href=/x/>',
      '<br/>',
      '<br />',
      '<br / >',
      '<a b =  "x > y" c>',
      "<a b='it\"s'/>",
      '<a b= >',
      '<a b="open',
      '<a"b>',
      '<a.b>',
      '<p\n\tclass=MsoNormal\n>',
      '<a b c d>',
      '<a b=c=d>',
    ]) {
      const { byRegex, byHand } = both(html);
      expect(byHand, html).toEqual(byRegex);
    }
  });
});
