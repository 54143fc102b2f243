/**
 * A source is declared, not coded: where its lists are, how to read and page them, which titles are
 * annual reports, where a detail page keeps its content and attachments, and how politely to fetch.
 * Everything crawler-side derives from this schema; the sources file's JSON Schema is generated from
 * it (json-schema.ts). Objects are strict: an unknown key is an error naming the nearest valid one.
 */
import { z } from 'zod';
import { DEFAULT_TITLE_FILTER } from './annual-report.ts';

/** A JavaScript regular expression, checked at load time so a bad pattern fails with its field's name. */
const Regex = z.string().refine(
  (s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

export const Paging = z.discriminatedUnion('style', [
  /** A single page. */
  z.strictObject({ style: z.literal('none') }),
  /** list.shtml, then list_1.shtml, list_2.shtml… until the stated page count, a missing page or a page with nothing new. */
  z.strictObject({
    style: z.literal('numbered'),
    /** Name of page n (n ≥ start), resolved against the first page's URL. */
    template: z.string().regex(/\{n\}/, 'must contain {n}').default('list_{n}.shtml'),
    /** Number of the second page (index.html, index_1.html → 1; index.html, index_2.html → 2). */
    start: z.number().int().nonnegative().default(1),
  }),
  /**
   * TRS WCM: the page count and names come from the page's own `createPageHTML(…)` call
   * (`createPageHTML(7, 0, "index", "html")`, `createPageHTML('page_div', 7, 1, 'index', 'html', 100)`,
   * or variables `countPage` / `currentPage`), read from the static HTML: no browser needed.
   */
  z.strictObject({ style: z.literal('createPageHTML') }),
  /**
   * A page parameter in the query string: `?page=N` (JSON endpoints), 大汉 `?uid=…&pageNum=N`.
   * `param` may name a field inside a JSON-valued parameter: `paramJson.pageNo` sets `pageNo` in
   * `?paramJson={"pageNo":1,…}`. The count comes from the answer (JSON: `json.pageCountPath` or
   * `json.totalPath`; HTML: `totalRecord`/`perPage`, `共N页`, `createPageHTML`); without one the walk
   * goes on until a page is empty, missing or repeats an earlier one.
   */
  z.strictObject({
    style: z.literal('query'),
    param: z.string().min(1).default('page'),
    /** Value of the first page (1, or 0 for zero-based endpoints). */
    first: z.number().int().nonnegative().default(1),
  }),
]);
export type Paging = z.infer<typeof Paging>;

export const JsonList = z.strictObject({
  /** Dotted path to the array of items in the answer. Items may be objects or HTML fragments (`"<li>…</li>"`). */
  itemsPath: z.string().default('data'),
  /**
   * Dotted path to an HTML fragment holding the whole list (集约化 platforms answer `{ data: { html } }`);
   * when set, items are read from it with the list's selectors and `itemsPath` is not used.
   */
  htmlPath: z.string().optional(),
  titleField: z.string().default('title'),
  urlField: z.string().default('url'),
  dateField: z.string().default('date'),
  /** Dotted path to the page count. */
  pageCountPath: z.string().default('pageCount'),
  /** Dotted path to the item count, when the answer gives that instead of a page count. */
  totalPath: z.string().optional(),
});

/** The same fields without defaults: a list entry's `json` changes only what it states. */
const JsonListOverride = z.strictObject(
  Object.fromEntries(Object.keys(JsonList.shape).map((k) => [k, z.string().optional()])) as {
    [K in keyof typeof JsonList.shape]: z.ZodOptional<z.ZodString>;
  },
);

const Format = z.enum(['html', 'json', 'datastore']);
const Render = z.enum(['static', 'browser']);

export const ListStyle = z.strictObject({
  /**
   * `html`: items are elements of the page. `json`: the page is a JSON answer. `datastore`: 大汉 JCMS,
   * items are the `<record><![CDATA[…]]>` entries of a `<script type="text/xml"><datastore>` in the
   * page (each record is an item; `itemSelector` is not used).
   */
  format: Format.default('html'),
  /** Unset: the source's `render`. */
  render: Render.optional(),
  itemSelector: z.string().min(1).default('ul li'),
  /** The item's link; its `title` attribute, when longer than its text, is the title. */
  linkSelector: z.string().min(1).default('a'),
  /** Where the date is; empty or not found: the first date in the item's text. */
  dateSelector: z.string().default('span'),
  /** With browser rendering: wait for this selector before reading the DOM. */
  waitFor: z.string().optional(),
  paging: Paging.default({ style: 'numbered', template: 'list_{n}.shtml', start: 1 }),
  json: JsonList.default(JsonList.parse({})),
});
export type ListStyle = z.infer<typeof ListStyle>;

/** A list entry overrides only what it states; unset fields come from the source's `list` (no defaults here). */
export const ListEntry = z.strictObject({
  /** First page of the list, relative to baseUrl (or absolute). */
  path: z.string().min(1),
  /** The agency whose reports the list holds (a hint for extraction when pages do not say). */
  agency: z.string().optional(),
  format: Format.optional(),
  render: Render.optional(),
  itemSelector: z.string().min(1).optional(),
  linkSelector: z.string().min(1).optional(),
  dateSelector: z.string().optional(),
  waitFor: z.string().optional(),
  paging: Paging.optional(),
  json: JsonListOverride.optional(),
});

export const DEFAULT_CONTENT_SELECTOR = '.content, #zoom, .TRS_Editor, article';

export const Detail = z.strictObject({
  /** The report's container on a detail page; the extractor reads only this (first match). */
  contentSelector: z.string().min(1).default(DEFAULT_CONTENT_SELECTOR),
  /**
   * Where attachments (.docx, .pdf, download scripts) are linked: every match is searched. Unset: the
   * content container. Nothing matches: the whole page.
   */
  attachmentSelector: z.string().min(1).optional(),
});

export const TitleFilter = z.strictObject({
  /** A title must match this… */
  include: Regex.default(DEFAULT_TITLE_FILTER.include),
  /** …and must not match this (null: no exclusions). */
  exclude: Regex.nullable().default(DEFAULT_TITLE_FILTER.exclude),
});

export const Directory = z.strictObject({
  paths: z.array(z.string().min(1)).min(1),
  linkSelector: z.string().default('a'),
  /** Only links whose text matches (e.g. the 年度报告 column of each agency). */
  linkText: Regex.default('年度报告|年报'),
});

export const SourceSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, - and _ only'),
  name: z.string().default(''),
  /** The CMS family this declaration starts from (config/sources/presets.ts); its fields are defaults. */
  preset: z.string().optional(),
  baseUrl: z.url(),
  /**
   * The place the portal belongs to, a GB/T 2260 code or a name (`360703`, `赣州经开区`): its lists
   * print bare agency names (区财政局), which are placed here. Without it a bare name has no region.
   */
  region: z.string().trim().min(1).optional(),
  /** Directory pages (部门信息公开目录) whose matching links are the lists to walk. */
  directory: Directory.optional(),
  lists: z.array(ListEntry).default([]),
  /** How lists look unless an entry says otherwise. */
  list: ListStyle.default(ListStyle.parse({})),
  /** Which list items are annual reports; the default knows 政府信息公开工作年度报告 from its look-alikes. */
  titleFilter: TitleFilter.default(TitleFilter.parse({})),
  detail: Detail.default(Detail.parse({})),
  render: Render.default('static'),
  /** Charset override for pages whose declarations lie. */
  encoding: z.string().nullable().default(null),
  rateLimit: z
    .strictObject({ minIntervalMs: z.number().int().nonnegative().default(1000) })
    .default({ minIntervalMs: 1000 }),
  concurrency: z.number().int().positive().default(2),
  /** Safety cap on list pages walked per list. */
  maxPages: z.number().int().positive().default(500),
  /** Extra hosts (besides baseUrl's) that attachments may live on. */
  allowHosts: z.array(z.string()).default([]),
  /** Private and loopback addresses are refused unless this is set (tests' local portal). */
  allowPrivate: z.boolean().default(false),
});
export type Source = z.infer<typeof SourceSchema>;
export type SourceInput = z.input<typeof SourceSchema>;

/** A sources file: `{ "sources": [...] }` (with an optional `$schema` for editors) or a bare array. */
export const SourcesFileSchema = z.union([
  z.array(SourceSchema),
  z.strictObject({
    $schema: z.string().optional(),
    sources: z.array(SourceSchema),
  }),
]);

/** Hosts a source may fetch from. */
export function sourceHosts(source: Source): string[] {
  return [new URL(source.baseUrl).hostname, ...source.allowHosts];
}

/** Where attachments are searched on a source's detail pages. */
export function attachmentSelector(source: Pick<Source, 'detail'>): string {
  return source.detail.attachmentSelector ?? source.detail.contentSelector;
}
