/** Every shape of input-formats.md that a generated report can be rendered in. */
import type { GeneratedReport } from '../types.ts';
import { renderBrackets, renderBracketsCjk } from './brackets.ts';
import { renderCellPerLineBar, renderCellPerLineTab } from './cell-per-line.ts';
import { renderComma } from './comma.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import { renderPdfText } from './pdf-text.ts';
import { renderPipe, renderPipeFullwidth } from './pipe.ts';

export type Renderer = (report: GeneratedReport) => string;

export const SHAPES: Record<string, Renderer> = {
  pipe: renderPipe,
  'pipe-fullwidth': renderPipeFullwidth,
  'cell-per-line-tab': renderCellPerLineTab,
  'cell-per-line-bar': renderCellPerLineBar,
  brackets: renderBrackets,
  'brackets-cjk': renderBracketsCjk,
  markdown: renderMarkdown,
  html: renderHtml,
  'pdf-text': renderPdfText,
  comma: renderComma,
};

export const SHAPE_NAMES = Object.keys(SHAPES);
export type { DetailPageOptions } from './html.ts';
export { renderDetailPage, renderReportBodyHtml, renderTableHtml } from './html.ts';
