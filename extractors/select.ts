/**
 * The first element of a parsed page that a source's `detail.contentSelector` names, found on the
 * DOM the extractor has already built (html-parse.ts), for the selectors sources declare: a list
 * of compounds such as `#zoom, .TRS_Editor, div.content, article`. Parsing the page a second time
 * with cheerio only to find its container was a third of a detail page's extraction. Anything
 * richer (descendant or child combinators, attribute selectors, pseudo-classes) is not parsed
 * here: `parseSimpleSelector` returns null and the caller asks cheerio.
 */
import { attributesOf, type DomNode } from './html-parse.ts';

/** One compound: an optional tag name, an optional id, any number of classes (all must hold). */
export interface Compound {
  tag: string | null;
  id: string | null;
  classes: string[];
}

const COMPOUND = /^([a-zA-Z][a-zA-Z0-9-]*)?((?:[#.][a-zA-Z_\u00a0-\uffff-][\w\u00a0-\uffff-]*)*)$/;
const PART = /([#.])([^#.]+)/g;

/** The selector as a list of compounds, or null when it uses anything else. */
export function parseSimpleSelector(selector: string): Compound[] | null {
  const out: Compound[] = [];
  for (const raw of selector.split(',')) {
    const s = raw.trim();
    const m = COMPOUND.exec(s);
    if (!s || !m || (!m[1] && !m[2])) return null;
    const c: Compound = { tag: m[1] ? m[1].toLowerCase() : null, id: null, classes: [] };
    for (const [, kind, name] of (m[2] ?? '').matchAll(PART)) {
      if (kind === '#') {
        if (c.id !== null && c.id !== name) return null; // `#a#b` matches nothing; leave it to cheerio
        c.id = name as string;
      } else c.classes.push(name as string);
    }
    out.push(c);
  }
  return out;
}

/**
 * The first element in document order that any compound matches (what cheerio's `$(sel).first()`
 * gives); undefined when an element's attributes cannot be read here (then ask cheerio).
 */
export function selectFirst(root: DomNode, compounds: readonly Compound[]): DomNode | null | undefined {
  const stack: DomNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop() as DomNode;
    if (
      n !== root &&
      n.name !== undefined &&
      (n.type === 'tag' || n.type === 'script' || n.type === 'style')
    ) {
      const tagged = compounds.filter((c) => c.tag === null || c.tag === n.name);
      if (tagged.length > 0) {
        const a = tagged.some((c) => c.id !== null || c.classes.length > 0) ? attributesOf(n) : {};
        if (a === null) return undefined;
        if (tagged.some((c) => matches(a, c))) return n;
      }
    }
    const kids = n.children;
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as DomNode);
  }
  return null;
}

function matches(a: Record<string, string>, c: Compound): boolean {
  if (c.id !== null && a.id !== c.id) return false;
  if (c.classes.length > 0) {
    const cls = a.class;
    if (!cls) return false;
    const have = cls.split(/[ \t\n\r\f]+/);
    for (const k of c.classes) if (!have.includes(k)) return false;
  }
  return true;
}
