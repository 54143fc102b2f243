import type { TableKey } from '../../extractors/record.ts';

export type TemplateYear = '2019' | '2021';

/** table → row → col → value; `null` is a blank cell. Money is always in yuan. */
export type TableValues = Record<string, Record<string, number | null>>;
export type ReportValues = Record<TableKey, TableValues>;
/** Optional per-cell text as printed (e.g. `＋19`, `1007.25万元`, `无`); absent → the value printed plainly. */
export type ReportRaws = Partial<Record<TableKey, Record<string, Record<string, string>>>>;

export interface GeneratedReport {
  meta: { title: string; agency: string; year: number; published_on: string; index_no: string };
  templates: Record<TableKey, TemplateYear>;
  values: ReportValues;
  raws?: ReportRaws;
  /**
   * Row labels printed with the noise real reports carry (`规    章`, `规章（市政府令）`, a label
   * broken over two lines with `\n`), keyed `table/row`; absent → the template's label.
   */
  labels?: Record<string, string>;
  /** Cells the source leaves out entirely, so their row is short (seed 003's appeals row). */
  omitted?: { table: TableKey; row: string; col: string }[];
  prose: { overview: string; problems: string; other: string };
}
