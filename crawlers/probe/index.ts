/**
 * probe(): from one URL (a list page, a list endpoint, or a site's home page) to a source declaration,
 * with what it saw. It fetches through the caller's fetcher (robots.txt, politeness), recognises the
 * CMS family, follows a home page's 年度报告 column link or a shell page's list endpoint, infers the
 * items, paging and page count, checks them by walking the first two pages with the declaration
 * itself, reads the first report's detail page (content container, attachments), and says what it
 * could not find instead of guessing: no declaration then.
 */

import { describeError, isXxgkError } from '../../config/errors.ts';
import { DEFAULT_TITLE_FILTER } from '../../config/sources/annual-report.ts';
import { defineSource } from '../../config/sources/load.ts';
import { attachmentSelector, type ListStyle, type Paging, type Source } from '../../config/sources/schema.ts';
import { decodeBytes, sniffKind } from '../../extractors/decode.ts';
import { type Attachment, type AttachmentType, attachmentType } from '../attachments.ts';
import { datastoreRecords, parseFragments } from '../discover/list-html.ts';
import type { ListItem } from '../discover/list-item.ts';
import { parseJsonText } from '../discover/list-json.ts';
import { resolveEntry } from '../discover/lists.ts';
import { makeTitleJudge } from '../discover/title-filter.ts';
import { firstPageUrl, laterPageUrls, parseListPage, walkList } from '../discover/walk.ts';
import type { FetchedDocument, Fetcher } from '../types.ts';
import { buildDeclaration, suggestId } from './declaration.ts';
import { analyseDetail, type DetailFinding } from './detail.ts';
import { type FamilyGuess, recogniseFamily } from './family.ts';
import { inferHtmlItems } from './items.ts';
import { inferJsonList } from './json.ts';
import { breadcrumbLinks, findColumnLinks, scriptEndpoints, siblingColumns } from './navigation.ts';
import { inferHtmlPaging, PAGE_PARAM } from './paging.ts';

export interface ProbeOptions {
  fetcher: Fetcher;
  /** The fetcher can render pages in a browser (JS-built lists). */
  canRender: boolean;
  /** The declaration may fetch loopback/private addresses (tests' local portals). */
  allowPrivate?: boolean;
  id?: string;
  /** Detail pages read at most while looking for an attachment example (default 3). */
  maxDetails?: number;
  /** Progress lines (what is being fetched), for a terminal. */
  onStep?: (line: string) => void;
}

export interface ProbeItem extends ListItem {
  keep: boolean;
  reason: string;
}

export interface ProbeReport {
  url: string;
  /** The list page (or endpoint) the declaration reads. */
  listUrl: string | null;
  steps: string[];
  family: FamilyGuess | null;
  encoding: { charset: string | null; declared: string } | null;
  render: 'static' | 'browser';
  format: ListStyle['format'] | null;
  items: ProbeItem[];
  paging: {
    paging: Paging;
    pageCount: number | null;
    evidence: string;
    /** Pages it will walk (the first few and the last), or how it will know where to stop. */
    pages: string[];
    /** What walking page 2 with the declaration showed. */
    checked: string | null;
  } | null;
  directory: { url: string; linkText: string; lists: number; title: string | null } | null;
  details: Array<
    DetailFinding & { attachmentTypes: Array<{ url: string; type: AttachmentType | null; error?: string }> }
  >;
  detailErrors: string[];
  declaration: Record<string, unknown> | null;
  problems: string[];
}

interface Page {
  url: string;
  doc: FetchedDocument;
  text: string;
  isJson: boolean;
}

interface ListReading {
  family: FamilyGuess;
  format: ListStyle['format'];
  style: Partial<ListStyle>;
  items: ListItem[];
  /** JSON: counts the answer states. */
  total: number | null;
  pageCount: number | null;
}

const MAX_HOPS = 3;

export async function probe(url: string, opts: ProbeOptions): Promise<ProbeReport> {
  const report: ProbeReport = {
    url,
    listUrl: null,
    steps: [],
    family: null,
    encoding: null,
    render: 'static',
    format: null,
    items: [],
    paging: null,
    directory: null,
    details: [],
    detailErrors: [],
    declaration: null,
    problems: [],
  };
  const step = (s: string) => {
    report.steps.push(s);
    opts.onStep?.(s);
  };
  const judge = makeTitleJudge(DEFAULT_TITLE_FILTER);
  const score = (title: string) => (judge(title).keep ? 3 : 0);

  const load = async (target: string, render = false): Promise<Page> => {
    opts.onStep?.(`fetch ${target}${render ? ' (browser)' : ''}`);
    const doc = await opts.fetcher.fetch(target, render ? { render: true } : {});
    const text = decodeBytes(doc.bytes, {
      contentType: doc.contentType ?? undefined,
      charset: doc.encoding ?? undefined,
    }).text;
    const isJson = /json|javascript/i.test(doc.contentType ?? '') || /^\s*[[{]/.test(text.slice(0, 200));
    return { url: doc.finalUrl || target, doc, text, isJson };
  };

  // 1. Find the list: the page itself, a column it links, an endpoint its scripts name, or its rendered DOM.
  let page: Page | null = null;
  let reading: ListReading | null = null;
  let target = url;
  /** Reports found past page 1 when page 1 has none (their detail pages are read instead). */
  let laterKept: ListItem[] = [];
  for (let hop = 0; hop < MAX_HOPS && !reading; hop++) {
    try {
      page = await load(target);
    } catch (err) {
      report.problems.push(`cannot fetch ${fetchProblem(target, err)}`);
      return report;
    }
    const kind = sniffKind(page.doc.bytes, page.doc.contentType ? { contentType: page.doc.contentType } : {});
    if (kind === 'pdf' || kind === 'docx' || kind === 'doc' || kind === 'unknown') {
      report.problems.push(
        `${page.url}: ${kind === 'unknown' ? 'not a web page' : `a .${kind} document`}, not a list page: probe the page that lists the reports`,
      );
      return report;
    }
    const r = readList(page, score);
    const kept = r ? r.items.filter((i) => judge(i.title).keep).length : 0;
    const columns = page.isJson ? [] : findColumnLinks(page.text, page.url);
    if (r && kept >= 1 && !(kept < 2 && columns.length > 0 && hop === 0 && r.format === 'html')) {
      reading = r;
      break;
    }
    if (columns.length > 0) {
      step(`${page.url} is not the list: followed its link "${columns[0]!.text}" → ${columns[0]!.url}`);
      target = columns[0]!.url;
      continue;
    }
    const endpoints = page.isJson ? [] : scriptEndpoints(page.text, page.url);
    // A column's newest items can all be look-alikes: a list with a pager is judged on its next pages too.
    if (r && kept === 0 && endpoints.length === 0 && r.items.length >= 2) {
      const later = await keptOnLaterPages(page, r, load, judge);
      if (later.items.length > 0) {
        step(
          `${page.url}: no annual report on page 1; ${later.pageUrl} has ${later.items.length} (${later.items[0]!.title})`,
        );
        reading = r;
        laterKept = later.items;
        break;
      }
    }
    if (endpoints.length === 1) {
      step(`${page.url} builds its list with a script: reading the endpoint it names → ${endpoints[0]}`);
      target = endpoints[0]!;
      continue;
    }
    if (!page.isJson && opts.canRender) {
      try {
        const rendered = await load(page.url, true);
        const rr = readList(rendered, score);
        if (rr?.items.some((i) => judge(i.title).keep)) {
          step(`${page.url} builds its list with a script: read in the browser`);
          page = rendered;
          reading = rr;
          report.render = 'browser';
          break;
        }
      } catch (err) {
        report.problems.push(`rendering ${page.url} in the browser failed: ${describeError(err)}`);
      }
    }
    const what = r
      ? `a list of ${r.items.length} item(s), none an annual report (first: ${r.items
          .slice(0, 3)
          .map((i) => i.title)
          .join(' / ')})`
      : 'no list of dated links';
    report.problems.push(
      `${page.url}: ${what}; no 年度报告 column link${endpoints.length > 1 ? `; several list endpoints in its scripts (${endpoints.join(', ')}), probe the right one` : endpoints.length === 0 ? '; no list endpoint in its scripts' : ''}${page.isJson ? '' : opts.canRender ? '; nothing in the browser-rendered page either' : '; a browser was not available to render it'}`,
    );
    return report;
  }
  if (!page || !reading) {
    report.problems.push(`no list found within ${MAX_HOPS} pages of ${url}`);
    return report;
  }

  report.listUrl = page.url;
  report.family = reading.family;
  report.format = reading.format;
  report.encoding = encodingOf(page.doc);
  report.items = reading.items.map((i) => ({ ...i, ...judge(i.title) }));

  // 2. Paging.
  const paged = pagingOf(page, reading);
  if (paged.problem) report.problems.push(paged.problem);
  const listUrl = paged.listUrl;
  report.listUrl = listUrl;
  const listStyle: Partial<ListStyle> = {
    ...reading.style,
    format: reading.format,
    paging: paged.paging,
    ...(report.render === 'browser'
      ? {
          render: 'browser' as const,
          ...(reading.style.itemSelector ? { waitFor: reading.style.itemSelector } : {}),
        }
      : {}),
  };

  // 3. A directory of sibling columns (部门信息公开目录), for HTML lists.
  if (reading.format !== 'json') {
    for (const crumb of breadcrumbLinks(page.text, page.url).reverse().slice(0, 2)) {
      try {
        const dir = await load(crumb);
        const siblings = dir.isJson ? null : siblingColumns(dir.text, dir.url, listUrl);
        if (siblings) {
          report.directory = {
            url: dir.url,
            linkText: siblings.linkText,
            lists: siblings.lists.length,
            title: titleOf(dir.text),
          };
          step(
            `${dir.url} links ${siblings.lists.length} columns like this one ("${siblings.linkText}"): declared as a directory`,
          );
          break;
        }
      } catch {
        // A breadcrumb page that cannot be read only means no directory.
      }
    }
  }

  // 4. Detail pages: content container and attachments.
  const preset = reading.family.preset;
  const presetSource = defineSource({ id: 'probe', preset, baseUrl: new URL(listUrl).origin });
  let detailSelectors = {
    contentSelector: presetSource.detail.contentSelector,
    attachmentSelector: attachmentSelector(presetSource),
  };
  const kept: ListItem[] = report.items.filter((i) => i.keep);
  if (kept.length === 0) kept.push(...laterKept);
  const maxDetails = opts.maxDetails ?? 3;
  for (const item of kept) {
    if (report.details.length >= maxDetails) break;
    if (report.details.some((d) => d.attachments.length > 0)) break;
    let detailPage: Page;
    try {
      detailPage = await load(item.url);
    } catch (err) {
      report.detailErrors.push(fetchProblem(item.url, err));
      if (report.detailErrors.length >= 3) break;
      continue;
    }
    const found = analyseDetail(detailPage.text, detailPage.url, detailSelectors);
    detailSelectors = {
      contentSelector: found.content?.selector ?? detailSelectors.contentSelector,
      attachmentSelector: found.attachmentSelector,
    };
    const attachmentTypes: Array<{ url: string; type: AttachmentType | null; error?: string }> = [];
    // A download whose link does not show its type is fetched once to learn it.
    const unknown = found.attachments.find((a: Attachment) => a.ext === null);
    if (unknown) {
      try {
        const doc = await opts.fetcher.fetch(unknown.url);
        attachmentTypes.push({ url: unknown.url, type: attachmentType(doc) });
      } catch (err) {
        attachmentTypes.push({ url: unknown.url, type: null, error: describeError(err) });
      }
    }
    report.details.push({ ...found, attachmentTypes });
  }
  if (report.details.length === 0)
    report.problems.push(
      kept.length === 0
        ? 'no annual report on the first page to read a detail page from'
        : `no detail page could be read (${report.detailErrors.join('; ')})`,
    );
  else if (!report.details.some((d) => d.content))
    report.problems.push(`no content container found on ${report.details.map((d) => d.url).join(', ')}`);

  if (report.problems.length > 0) return report;

  // 5. The declaration, checked by walking the list's first two pages with it.
  const declaration = buildDeclaration({
    id: opts.id ?? suggestId(report.directory?.url ?? listUrl),
    name: (report.directory ? report.directory.title : titleOf(page.text)) ?? '',
    preset,
    listUrl,
    ...(report.directory ? { directory: report.directory } : {}),
    list: listStyle,
    detail: detailSelectors,
    allowPrivate: opts.allowPrivate ?? false,
  });
  let source: Source;
  try {
    source = defineSource(declaration, 'probed declaration');
  } catch (err) {
    report.problems.push(`the inferred declaration is not valid: ${describeError(err)}`);
    return report;
  }
  const pages = await checkWalk(source, listUrl, page.text, reading, paged.pageCount, opts.fetcher, report);
  report.paging = { ...paged, pages: pages.names, checked: pages.checked };
  if (report.problems.length > 0) return report;
  report.declaration = declaration;
  return report;
}

/** The page as a list: JSON answer, 大汉 datastore, or HTML items. */
function readList(page: Page, score: (title: string) => number): ListReading | null {
  const family = recogniseFamily(page.url, page.text);
  if (page.isJson) {
    let data: unknown;
    try {
      data = parseJsonText(page.text, page.url);
    } catch {
      return null;
    }
    const inferred = inferJsonList(data, page.url, score);
    if (!inferred || inferred.items.length === 0) return null;
    return {
      family:
        family.preset === 'generic'
          ? { preset: 'generic', evidence: ['a JSON list of no known CMS'] }
          : family,
      format: 'json',
      style: { ...(inferred.selectors ?? {}), json: inferred.json as ListStyle['json'] },
      items: inferred.items,
      total: inferred.total,
      pageCount: inferred.pageCount,
    };
  }
  const records = datastoreRecords(page.text);
  if (records.length > 0) {
    const style = { linkSelector: 'a', dateSelector: '' };
    return {
      family:
        family.preset === 'hanweb' || family.preset === 'hanweb-proxy'
          ? family
          : { preset: 'hanweb', evidence: ['<datastore> records in the page'] },
      format: 'datastore',
      style,
      items: parseFragments(records, page.url, style),
      total: null,
      pageCount: null,
    };
  }
  const inferred = inferHtmlItems(page.text, page.url, score);
  if (!inferred || inferred.items.length === 0) return null;
  const { items, ...selectors } = inferred;
  return { family, format: 'html', style: selectors, items, total: null, pageCount: null };
}

function pagingOf(
  page: Page,
  reading: ListReading,
): { paging: Paging; pageCount: number | null; listUrl: string; evidence: string; problem?: string } {
  if (reading.format !== 'json') return inferHtmlPaging(page.text, page.url, reading.format);
  const u = new URL(page.url);
  const counted =
    reading.pageCount ??
    (reading.total !== null && reading.items.length > 0
      ? Math.ceil(reading.total / reading.items.length)
      : null);
  for (const [k, v] of u.searchParams) {
    if (PAGE_PARAM.test(k) && /^\d+$/.test(v))
      return {
        paging: { style: 'query', param: k, first: Number(v) > 1 ? 1 : Number(v) },
        pageCount: counted,
        listUrl: page.url,
        evidence: `page parameter ${k}=${v} in the endpoint URL${counted ? `, ${counted} page(s) from the answer` : ''}`,
      };
    if (/^\s*\{/.test(v)) {
      try {
        const inner = Object.entries(JSON.parse(v) as Record<string, unknown>).find(
          ([ik, iv]) => PAGE_PARAM.test(ik) && Number.isInteger(Number(iv)),
        );
        if (inner)
          return {
            paging: {
              style: 'query',
              param: `${k}.${inner[0]}`,
              first: Number(inner[1]) > 1 ? 1 : Number(inner[1]),
            },
            pageCount: counted,
            listUrl: page.url,
            evidence: `page number ${inner[0]} inside the JSON parameter ${k}${counted ? `, ${counted} page(s) from the answer` : ''}`,
          };
      } catch {
        // not JSON after all
      }
    }
  }
  if (counted !== null && counted > 1)
    return {
      paging: { style: 'none' },
      pageCount: counted,
      listUrl: page.url,
      evidence: 'no page parameter in the URL',
      problem: `the answer has ${counted} pages but the URL has no page parameter (page, pageNo, pageIndex…) to ask for the others`,
    };
  return {
    paging: { style: 'none' },
    pageCount: 1,
    listUrl: page.url,
    evidence: 'one page: no page parameter, no count beyond it',
  };
}

/**
 * The kept items of the first of the list's next two pages that has any, read with the paging the
 * first page shows (none when it shows no pager).
 */
async function keptOnLaterPages(
  page: Page,
  reading: ListReading,
  load: (url: string) => Promise<Page>,
  judge: (title: string) => { keep: boolean },
): Promise<{ pageUrl: string; items: ListItem[] }> {
  const none = { pageUrl: page.url, items: [] };
  const paged = pagingOf(page, reading);
  if (paged.problem || paged.paging.style === 'none') return none;
  let source: Source;
  try {
    source = defineSource(
      {
        id: 'probe',
        preset: reading.family.preset,
        baseUrl: new URL(paged.listUrl).origin,
        list: { ...reading.style, format: reading.format, paging: paged.paging },
      },
      'probe',
    );
  } catch {
    return none;
  }
  const list = resolveEntry(source, { path: paged.listUrl });
  for (const next of laterPageUrls(list, page.text, 3)) {
    try {
      const got = await load(next);
      const items = parseListPage(got.text, got.url, list.style).items.filter((i) => judge(i.title).keep);
      if (items.length > 0) return { pageUrl: got.url, items };
    } catch {
      return none;
    }
  }
  return none;
}

/** Walks the first two pages with the declared source: page 1 must give the probed items, page 2 new ones. */
async function checkWalk(
  source: Source,
  listUrl: string,
  firstText: string,
  reading: ListReading,
  count: number | null,
  fetcher: Fetcher,
  report: ProbeReport,
): Promise<{ names: string[]; checked: string | null }> {
  const list = resolveEntry(source, { path: listUrl });
  const first = firstPageUrl(list);
  const walker = walkList(list, source, fetcher);
  try {
    const p1 = await walker.next();
    if (p1.done) {
      report.problems.push(`walking ${first} with the declaration gave nothing`);
      return { names: [first], checked: null };
    }
    const got = new Set(p1.value.items.map((i) => i.url));
    const missing = reading.items.filter((i) => !got.has(i.url));
    if (missing.length > 0)
      report.problems.push(
        `walking ${first} with the declaration misses ${missing.length} of the ${reading.items.length} items the probe saw (${missing[0]!.title})`,
      );
    if (source.list.paging.style === 'none') return { names: [first], checked: null };
    const p2 = await walker.next();
    if (p2.done) {
      // 大汉's jpage holds several pages' records in one datastore: page 1 may already hold them all.
      const total =
        reading.total ??
        Number(firstText.match(/\btotal_?record["']?\s*[:=]\s*["']?(\d+)/i)?.[1] ?? Number.NaN);
      if (Number.isFinite(total) && Math.max(got.size, reading.items.length) >= total)
        return { names: [first], checked: `page 1 holds all ${total} records the list states` };
      if (count !== null && count > 1)
        report.problems.push(
          `the list states ${count} pages but its page 2 gave nothing new: the paging pattern is wrong`,
        );
      return { names: [first], checked: 'page 2 is missing, empty or repeats page 1: one page' };
    }
    const fresh = p2.value.items.filter((i) => !got.has(i.url)).length;
    const names = [first];
    for (const n of laterPageUrls(list, firstText, Math.min(count ?? 4, source.maxPages))) names.push(n);
    return { names: summarise(names, count), checked: `page 2 (${p2.value.pageUrl}): ${fresh} new item(s)` };
  } catch (err) {
    report.problems.push(`walking the list with the declaration failed: ${describeError(err)}`);
    return { names: [first], checked: null };
  } finally {
    await walker.return(undefined);
  }
}

/**
 * One line naming the URL once: the fetch error's own `[GET] "url": ` is left out, and a refused
 * private address says how tests allow it.
 */
export function fetchProblem(url: string, err: unknown): string {
  const said = describeError(err)
    .replace(/\[[A-Z]+\] "[^"]*": /, '')
    .replace(/\s*\n\s*/g, ' ');
  const hint =
    isXxgkError(err) && err.code === 'fetch.private_address' ? ' (a local test portal: --allow-private)' : '';
  return `${url}: ${said}${hint}`;
}

function summarise(names: string[], count: number | null): string[] {
  if (count === null) return [...names.slice(0, 3), '… until a page is missing, empty or repeats'];
  return names.length > 4 ? [...names.slice(0, 3), '…', names.at(-1)!] : names;
}

function titleOf(text: string): string | null {
  const t = text
    .match(/<title[^>]*>([^<]*)<\/title>/i)?.[1]
    ?.replace(/\s+/g, ' ')
    .trim();
  return t ? t.slice(0, 80) : null;
}

function encodingOf(doc: FetchedDocument): { charset: string | null; declared: string } {
  const header = doc.contentType?.match(/charset=([\w-]+)/i)?.[1] ?? null;
  const head = Buffer.from(doc.bytes.subarray(0, 4096)).toString('latin1');
  const meta = head.match(/<meta[^>]+charset=["']?([\w-]+)/i)?.[1] ?? null;
  const declared =
    header && meta
      ? `header ${header}, meta ${meta}`
      : header
        ? `header ${header}`
        : meta
          ? `meta ${meta} only (no header charset)`
          : 'not declared (sniffed)';
  return { charset: doc.encoding, declared };
}
