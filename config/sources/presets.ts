/**
 * Defaults for the CMS families Chinese government portals are built on. A source file entry names a
 * preset and only says what differs (baseUrl, lists).
 */
import type { SourceInput } from './schema.ts';

export type Preset = Partial<Omit<SourceInput, 'id' | 'baseUrl'>>;

export const PRESETS: Record<string, Preset> = {
  /** 赣州 jkqxxgk-style: static `ul li` lists, list.shtml then list_1.shtml… */
  gzjkq: {
    list: {
      format: 'html',
      itemSelector: 'ul li',
      linkSelector: 'a',
      dateSelector: 'span',
      paging: { style: 'numbered', template: 'list_{n}.shtml', start: 1 },
    },
  },
  /** TRS WCM: index.html, index_1.html… announced by a `createPageHTML(count, current, "index", "html")` script. */
  trs: {
    list: {
      format: 'html',
      itemSelector: 'ul li',
      linkSelector: 'a',
      dateSelector: 'span',
      paging: { style: 'createPageHTML' },
    },
    detail: { contentSelector: '.TRS_Editor, #zoom, .content' },
  },
  /** 拓尔思 static sites without the script: index.html, index_1.html… */
  'trs-index': {
    list: {
      format: 'html',
      itemSelector: 'ul li',
      linkSelector: 'a',
      dateSelector: 'span',
      paging: { style: 'numbered', template: 'index_{n}.html', start: 1 },
    },
  },
  /** 大汉 JCMS: lists come from a JSON data proxy with a page parameter. */
  jcms: {
    list: {
      format: 'json',
      paging: { style: 'query', param: 'page', first: 1 },
      json: {
        itemsPath: 'data',
        titleField: 'title',
        urlField: 'url',
        dateField: 'date',
        pageCountPath: 'pageCount',
      },
    },
    detail: { contentSelector: '#zoom, .bt_content, .content' },
  },
};
