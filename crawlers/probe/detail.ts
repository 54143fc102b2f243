/**
 * What a detail page shows the probe: the container the report text is in (the preset's when it
 * holds the text, else the page's densest block), and the attachments — those the preset's selector
 * finds, and document links elsewhere on the page that are not the site's header or footer (then the
 * selector is widened to their container).
 */

import type { CheerioAPI } from 'cheerio';
import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import { type Attachment, findAttachments } from '../attachments.ts';
import { absoluteUrl } from '../discover/list-item.ts';

export interface ContentFinding {
  /** The selector to declare. */
  selector: string;
  /** The element it picks on this page (tag#id.class). */
  element: string;
  chars: number;
  tables: number;
  /** Whether the preset's selector did it. */
  fromPreset: boolean;
}

export interface DetailFinding {
  url: string;
  content: ContentFinding | null;
  /** Attachments found with the selector the declaration will use. */
  attachments: Attachment[];
  attachmentSelector: string;
  /** Document links the selector leaves out (the site's own downloads, typically). */
  ignored: Attachment[];
  notes: string[];
}

const CHROME = /foot|header|head-|nav|menu|copyright|bottom|top-|topbar|help|sidebar|side\b|links?\b|share/i;

const describe = (el: Element) =>
  `${el.name}${el.attribs.id ? `#${el.attribs.id}` : ''}${el.attribs.class ? `.${el.attribs.class.trim().split(/\s+/).join('.')}` : ''}`;

function selectorOf(el: Element): string | null {
  if (el.attribs.id && /^[A-Za-z_][\w-]*$/.test(el.attribs.id)) return `#${el.attribs.id}`;
  const cls = (el.attribs.class ?? '')
    .trim()
    .split(/\s+/)
    .find((c) => /^[A-Za-z_][\w-]*$/.test(c));
  return cls ? `${el.name}.${cls}` : null;
}

const textLength = ($: CheerioAPI, el: Element) => $(el).text().replace(/\s+/g, '').length;

/** The element of the page that holds its text: the deepest block with most of the largest block's text. */
function densest($: CheerioAPI): Element | null {
  const blocks = $('body div, body article, body section, body td')
    .toArray()
    .filter((e): e is Element => e.type === 'tag' && selectorOf(e as Element) !== null) as Element[];
  let max = 0;
  for (const b of blocks) max = Math.max(max, textLength($, b));
  if (max < 100) return null;
  const big = blocks.filter(
    (b) => textLength($, b) >= max * 0.8 && !CHROME.test(`${b.attribs.id ?? ''} ${b.attribs.class ?? ''}`),
  );
  // Deepest: the one that contains no other big block.
  return big.find((b) => !big.some((o) => o !== b && $(b).find(o).length > 0)) ?? null;
}

function findContent($: CheerioAPI, presetSelector: string): ContentFinding | null {
  const measure = (el: Element, selector: string, fromPreset: boolean): ContentFinding => ({
    selector,
    element: describe(el),
    chars: textLength($, el),
    tables: $(el).find('table').length,
    fromPreset,
  });
  // Any text at all will do: attachment-only pages hold a line and a link, sometimes only the line.
  const holds = (el: Element | undefined): el is Element =>
    !!el && (textLength($, el) >= 8 || $(el).find('table, a[href], img').length > 0);
  const preset = $(presetSelector).first()[0] as Element | undefined;
  if (holds(preset)) return measure(preset, presetSelector, true);
  const dense = densest($);
  const sel = dense && selectorOf(dense);
  return dense && sel ? measure(dense, sel, false) : null;
}

/** The element that links (or whose script writes) the attachment. */
function linkElement($: CheerioAPI, a: Attachment, pageUrl: string): Element | null {
  const anchor = $('a[href], iframe[src], embed[src]')
    .toArray()
    .find((e) => absoluteUrl($(e).attr('href') ?? $(e).attr('src'), pageUrl) === a.url);
  if (anchor) return anchor as Element;
  const file = new URL(a.url).pathname.split('/').pop() ?? '';
  const script = $('script')
    .toArray()
    .find((s) => file && $(s).text().includes(file));
  return (script as Element | undefined) ?? null;
}

/** The nearest ancestor with an id or a class: the container to add to the attachment selector. */
function container(el: Element): { selector: string; chrome: boolean } | null {
  let chrome = false;
  for (let cur = el.parent; cur && cur.type === 'tag'; cur = cur.parent) {
    const e = cur as Element;
    if (e.name === 'body') break;
    if (CHROME.test(`${e.attribs.id ?? ''} ${e.attribs.class ?? ''}`)) chrome = true;
  }
  for (let cur = el.parent; cur && cur.type === 'tag'; cur = cur.parent) {
    const e = cur as Element;
    if (e.name === 'body' || e.name === 'html') return null;
    const sel = selectorOf(e);
    if (sel && e.name !== 'p' && e.name !== 'li' && e.name !== 'span') return { selector: sel, chrome };
  }
  return null;
}

export function analyseDetail(
  html: string,
  url: string,
  selectors: { contentSelector: string; attachmentSelector: string },
): DetailFinding {
  const $ = cheerio.load(html);
  const content = findContent($, selectors.contentSelector);
  const notes: string[] = [];
  let attachmentSelector = selectors.attachmentSelector;
  if (content && !content.fromPreset) {
    notes.push(
      `the preset's content selector finds nothing with text here; the text is in ${content.element}`,
    );
    attachmentSelector = `${attachmentSelector}, ${content.selector}`;
  }
  const inScope = findAttachments(html, url, attachmentSelector);
  const seen = new Set(inScope.map((a) => a.url));
  const ignored: Attachment[] = [];
  const widen: string[] = [];
  for (const a of findAttachments(html, url, 'body')) {
    if (seen.has(a.url)) continue;
    const el = linkElement($, a, url);
    const box = el ? container(el) : null;
    if (!box || box.chrome) {
      ignored.push(a);
      continue;
    }
    if (!widen.includes(box.selector)) widen.push(box.selector);
    notes.push(`an attachment outside the preset's attachment selector, in ${box.selector}: ${a.url}`);
  }
  if (widen.length > 0) attachmentSelector = `${attachmentSelector}, ${widen.join(', ')}`;
  const attachments = widen.length > 0 ? findAttachments(html, url, attachmentSelector) : inScope;
  return { url, content, attachments, attachmentSelector, ignored, notes };
}
