/**
 * What the caller may know about a document before extraction; every field is optional, and
 * null means the same as absent (the pipeline passes its page metadata through as is).
 */
export interface ExtractHints {
  url?: string | null;
  filename?: string | null;
  contentType?: string | null;
  charset?: string | null;
  title?: string | null;
  agency?: string | null;
  publishedOn?: string | null;
  indexNo?: string | null;
  year?: number | null;
  /**
   * The report's container on a detail page (a source's `detail.contentSelector`, CSS): sections
   * and tables are read inside its first match, the title and the metadata block from the whole
   * page. Ignored when nothing matches or the match holds fewer of the report's section headings
   * than the page (a selector that hits a sidebar never costs the report).
   */
  contentSelector?: string | null;
  /** Tokenizer names to refuse: a table in a refused shape is reported missing instead of read. */
  rejectShapes?: string[];
}

/** The file name a URL ends in (`…/P020220124.docx` → `P020220124.docx`), the `filename` hint of a fetched document. */
export function filenameOf(url: string): string | null {
  try {
    const last = new URL(url).pathname.split('/').pop();
    return last ? decodeURIComponent(last) : null;
  } catch {
    return null;
  }
}
