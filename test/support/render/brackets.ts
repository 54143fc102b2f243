/** Bracketed cells: `[规章][0][0][0]` and `【行政许可】【16】【0】【15213】`, one grid row per line. */
import type { Grid } from '../layout.ts';
import type { GeneratedReport } from '../types.ts';
import { renderDocument } from './document.ts';

const bracketRows = (open: string, close: string) => (grid: Grid) =>
  grid.rows.map((row) => row.map((c) => `${open}${c.text}${close}`).join('')).join('\n');

export const renderBrackets = (report: GeneratedReport): string =>
  renderDocument(report, bracketRows('[', ']'));
export const renderBracketsCjk = (report: GeneratedReport): string =>
  renderDocument(report, bracketRows('【', '】'));
