/**
 * Defaults for the CMS families Chinese government portals are built on. A sources file entry names
 * a preset and states only what differs (baseUrl, lists, a selector). `xxgk sources probe` recognises
 * the family from a page and writes such an entry. config/sources/README.md describes each family's
 * markup; test/portal/families/ imitates them.
 */
import type { SourceInput } from './schema.ts';

export type Preset = Partial<Omit<SourceInput, 'id' | 'baseUrl' | 'preset'>>;

export const PRESETS = {
  /** 赣州 jkqxxgk-style: static `ul li` lists, list.shtml then list_1.shtml…, `#zoom` content. */
  gzjkq: {
    list: {
      format: 'html',
      itemSelector: 'ul li',
      linkSelector: 'a',
      dateSelector: 'span',
      paging: { style: 'numbered', template: 'list_{n}.shtml', start: 1 },
    },
    detail: {
      contentSelector: '#zoom, .article-content, .content',
      attachmentSelector: '#zoom, .article-content, .attachments, .fj',
    },
  },
  /**
   * 大汉 Hanweb JCMS: `/col/colNNN/index.html` columns whose records sit in the page's own
   * `<script type="text/xml"><datastore>` (read statically), pages `?uid=UNIT&pageNum=N` counted from
   * `totalRecord`/`perPage`; `#zoom` content; `/module/download/downfile.jsp?…` attachments.
   */
  hanweb: {
    list: {
      format: 'datastore',
      linkSelector: 'a',
      dateSelector: '',
      paging: { style: 'query', param: 'pageNum', first: 1 },
    },
    detail: {
      contentSelector: '#zoom, .bt_content, #c, .article-content',
      attachmentSelector: '#zoom, .bt_content, .fujian, .bt_attach, .attachment, .fj',
    },
  },
  /** 大汉 JCMS data proxy (`/module/web/jpage/dataproxy.jsp?…&page=N`): JSON whose records are `<li>` fragments. */
  'hanweb-proxy': {
    list: {
      format: 'json',
      linkSelector: 'a',
      dateSelector: '',
      paging: { style: 'query', param: 'page', first: 1 },
      json: { itemsPath: 'records', totalPath: 'totalRecord', pageCountPath: 'totalPage' },
    },
    detail: {
      contentSelector: '#zoom, .bt_content, #c, .article-content',
      attachmentSelector: '#zoom, .bt_content, .fujian, .bt_attach, .attachment, .fj',
    },
  },
  /**
   * TRS WCM: index.html, index_1.html… announced by a `createPageHTML(…)` script read statically,
   * `./YYYYMM/tYYYYMMDD_N.html` details, `.TRS_Editor` content, attachments in `div.fj` or as `P0…` links.
   */
  trs: {
    list: {
      format: 'html',
      itemSelector: 'ul li',
      linkSelector: 'a',
      dateSelector: 'span',
      paging: { style: 'createPageHTML' },
    },
    detail: {
      contentSelector: '.TRS_Editor, .trs_editor_view, .TRS_UEDITOR, #zoom, .content',
      attachmentSelector: '.TRS_Editor, .trs_editor_view, .TRS_UEDITOR, div.fj, .xgfj, .attachment, #zoom',
    },
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
    detail: {
      contentSelector: '.TRS_Editor, .trs_editor_view, .TRS_UEDITOR, #zoom, .content',
      attachmentSelector: '.TRS_Editor, .trs_editor_view, .TRS_UEDITOR, div.fj, .xgfj, .attachment, #zoom',
    },
  },
  /**
   * Epoint 新点 (EpointWebBuilder): a JSON endpoint, zero-based `pageIndex`, items under `custom.infodata`
   * (`title`, `infourl`, `infodate`), the item count in `custom.total`.
   */
  epoint: {
    list: {
      format: 'json',
      paging: { style: 'query', param: 'pageIndex', first: 0 },
      json: {
        itemsPath: 'custom.infodata',
        titleField: 'title',
        urlField: 'infourl',
        dateField: 'infodate',
        totalPath: 'custom.total',
      },
    },
    detail: {
      contentSelector: '.ewb-article-info, #mainContent, .article-content, .ewb-info-bd',
      attachmentSelector: '.ewb-article-attach, .ewb-article-info, #mainContent, .article-attach, .attach',
    },
  },
  /**
   * 政府网站集约化平台 (jpaas publish server): a JSON answer holding the list's HTML (`data.html`) and
   * the item count (`data.total`); the page number is `pageNo` inside the `paramJson` parameter.
   */
  jiyue: {
    list: {
      format: 'json',
      itemSelector: 'li',
      linkSelector: 'a',
      dateSelector: 'span',
      paging: { style: 'query', param: 'paramJson.pageNo', first: 1 },
      json: { htmlPath: 'data.html', totalPath: 'data.total' },
    },
    detail: {
      contentSelector: '.article-content, #zoom, .TRS_Editor, .content',
      attachmentSelector: '.article-content, #zoom, .TRS_Editor, .content, .fj, .attachment',
    },
  },
  /** 大汉 JCMS JSON lists as older xxgk releases declared them (`data`, `pageCount`, `?page=N`). */
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
    detail: {
      contentSelector: '#zoom, .bt_content, .content',
      attachmentSelector: '#zoom, .bt_content, .fujian, .attachment, .fj',
    },
  },
  /** Anything else: a list of `<li><a title>` with a date; paging as the probe finds it. */
  generic: {
    list: {
      format: 'html',
      itemSelector: 'ul li',
      linkSelector: 'a',
      dateSelector: '',
      paging: { style: 'none' },
    },
    detail: {
      contentSelector: '.content, #zoom, .TRS_Editor, article, .article',
      attachmentSelector:
        '.content, #zoom, .TRS_Editor, article, .article, .fj, .attachment, .attach, .fujian',
    },
  },
} satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}
