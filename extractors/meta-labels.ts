/**
 * The labels of a portal's metadata block (索引号, 发布机构, 生成日期, 主题分类…). page-meta.ts reads
 * the block by them; html-text.ts knows a metadata <table> by them, so that the page's chrome is
 * never read as one of the report's tables.
 */
import { hasTraditional, toSimplified } from './script.ts';
export const ANY_LABEL =
  /^(?:索\s*引\s*号|索引编号|发布机构|发文机关|发布单位|信息来源|来源单位|公开主体|发布部门|生成日期|发布日期|发文日期|成文日期|公开日期|发布时间|日期|主题分类|公开方式|文号|发文字号|名\s*称|标\s*题|有效性|公开范围|公开时限|主\s*题\s*词|体裁分类)\s*[:：]?/;

/** A cell that is only a metadata label (`索引号：`, `发布机构`, `名  称：`). */
export function isMetaLabelCell(cell: string): boolean {
  const t = cell.trim();
  return t !== '' && t.length <= 12 && ANY_LABEL.test(t) && t.replace(ANY_LABEL, '').trim() === '';
}

// Labels no report table prints: two of them make a table the page's metadata block.
const BLOCK_LABEL =
  /^(?:索\s*引\s*号|索引编号|发布机构|发文机关|生成日期|发布日期|成文日期|主题分类|公开方式|发文字号|信息来源|有效性)/;

/** Whether a cell starts with a block label, in simplified or traditional characters (索引號, 發佈機構). */
function blockLabel(cell: string): boolean {
  const t = cell.trim();
  if (BLOCK_LABEL.test(t)) return true;
  // The page is read before any report is (no withScriptOf yet): the head is converted here.
  const head = t.slice(0, 8);
  return hasTraditional(head) && BLOCK_LABEL.test(toSimplified(head));
}

/** A grid that is a portal's metadata block (at least two cells start with its labels), not a report table. */
export function isMetaBlockGrid(grid: readonly (readonly string[])[]): boolean {
  let n = 0;
  for (const row of grid) for (const c of row) if (blockLabel(c) && ++n >= 2) return true;
  return false;
}
