/**
 * A source is declared, not coded: where its lists are, how to read and page them, which titles are
 * annual reports, and how politely to fetch. Everything crawler-side derives from this schema.
 */
import { z } from 'zod';

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
  z.object({ style: z.literal('none') }),
  /** list.shtml, then list_1.shtml, list_2.shtml… until a page is missing or empty. */
  z.object({
    style: z.literal('numbered'),
    /** Name of page n (n ≥ start), resolved against the first page's URL. */
    template: z.string().includes('{n}').default('list_{n}.shtml'),
    start: z.number().int().nonnegative().default(1),
  }),
  /** TRS WCM: the page count and names come from the page's `createPageHTML(count, current, "index", "html")` call. */
  z.object({ style: z.literal('createPageHTML') }),
  /** A JSON endpoint with a page parameter; the count comes from the answer (`json.pageCountPath`). */
  z.object({
    style: z.literal('query'),
    param: z.string().default('page'),
    first: z.number().int().default(1),
  }),
]);
export type Paging = z.infer<typeof Paging>;

export const JsonList = z.object({
  /** Dotted path to the array of items in the answer. */
  itemsPath: z.string().default('data'),
  titleField: z.string().default('title'),
  urlField: z.string().default('url'),
  dateField: z.string().default('date'),
  pageCountPath: z.string().default('pageCount'),
});

export const ListStyle = z.object({
  format: z.enum(['html', 'json']).default('html'),
  /** Unset: the source's `render`. */
  render: z.enum(['static', 'browser']).optional(),
  itemSelector: z.string().min(1).default('ul li'),
  linkSelector: z.string().min(1).default('a'),
  dateSelector: z.string().default('span'),
  /** With browser rendering: wait for this selector before reading the DOM. */
  waitFor: z.string().optional(),
  paging: Paging.default({ style: 'numbered', template: 'list_{n}.shtml', start: 1 }),
  json: JsonList.default(JsonList.parse({})),
});
export type ListStyle = z.infer<typeof ListStyle>;

/** A list entry overrides only what it states; unset fields come from the source's `list` (no defaults here). */
export const ListEntry = z.object({
  format: z.enum(['html', 'json']).optional(),
  render: z.enum(['static', 'browser']).optional(),
  itemSelector: z.string().min(1).optional(),
  linkSelector: z.string().min(1).optional(),
  dateSelector: z.string().optional(),
  waitFor: z.string().optional(),
  paging: Paging.optional(),
  json: JsonList.optional(),
  /** First page of the list, relative to baseUrl (or absolute). */
  path: z.string().min(1),
  agency: z.string().optional(),
});

export const SourceSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, - and _ only'),
  name: z.string().default(''),
  /** Preset this declaration started from (for the record; the merge happens in loadSources). */
  preset: z.string().optional(),
  baseUrl: z.string().url(),
  /** Directory pages (部门信息公开目录) whose matching links are the lists to walk. */
  directory: z
    .object({
      paths: z.array(z.string().min(1)).min(1),
      linkSelector: z.string().default('a'),
      /** Only links whose text matches (e.g. the 年度报告 column of each agency). */
      linkText: Regex.default('年度报告|年报'),
    })
    .optional(),
  lists: z.array(ListEntry).default([]),
  /** How lists look unless an entry says otherwise. */
  list: ListStyle.default(ListStyle.parse({})),
  titleFilter: z
    .object({
      include: Regex.default('年度报告|年报'),
      exclude: Regex.nullable().default('要点|通知|计划|方案'),
    })
    .default({ include: '年度报告|年报', exclude: '要点|通知|计划|方案' }),
  detail: z.object({ contentSelector: z.string().default('.content, #zoom, .TRS_Editor, article') }).default({
    contentSelector: '.content, #zoom, .TRS_Editor, article',
  }),
  render: z.enum(['static', 'browser']).default('static'),
  /** Charset override for pages whose declarations lie. */
  encoding: z.string().nullable().default(null),
  rateLimit: z
    .object({ minIntervalMs: z.number().int().nonnegative().default(1000) })
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

/** Hosts a source may fetch from. */
export function sourceHosts(source: Source): string[] {
  return [new URL(source.baseUrl).hostname, ...source.allowHosts];
}
