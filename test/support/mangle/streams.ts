/**
 * Stream bases (issue 12): a table printed one cell per line, as editors' and converters' pages
 * leave it once a <table> is flattened.
 * - `stream-separators`: a line holding only a separator (`|`, ` |`, `｜`) between cells — after
 *   every cell, or only between the cells of a row; an empty cell is an empty line, a line of
 *   spaces, or nothing (two separators in a row).
 * - `stream-bar-empty`: no separators; a lone `|` (or `｜`) line IS the empty cell.
 * - `html-pre-wrap`: an HTML page whose tables are `white-space:pre-wrap` paragraphs, cells
 *   joined by <br>, an empty cell a line of spaces, a tab or &nbsp; between two <br>.
 * - `html-pre-wrap-newlines`: the same paragraphs with the cells on lines of their own (literal
 *   newlines, no <br>), as an editor that pastes text into a pre-wrap block leaves them; an empty
 *   cell a line of spaces, a tab or &nbsp;.
 * Only the cells that start in a row are printed (a flattened table has no span residue).
 */
import type { TableKey } from '../../../extractors/record.ts';
import type { Grid } from '../layout.ts';
import { tableGrid } from '../layout.ts';
import type { Rng } from '../prng.ts';
import { chineseDate, HEADINGS, renderDocument } from '../render/document.ts';
import { escapeHtml } from '../render/html.ts';
import type { GeneratedReport } from '../types.ts';
import type { Base } from './types.ts';

const cellsOf = (grid: Grid) => grid.rows.map((row) => row.map((c) => c.text.trim()));

function separatorTable(rng: Rng) {
  const sep = rng.pick(['|', ' |', '｜', '|']);
  const each = rng.chance(0.5);
  const empty = rng.pick(['', ' ', '\u3000', null] as const);
  return (grid: Grid): string => {
    const lines: string[] = [];
    for (const row of cellsOf(grid)) {
      row.forEach((text, i) => {
        if (text !== '') lines.push(text);
        else if (empty !== null) lines.push(empty);
        if (each || i < row.length - 1) lines.push(sep);
      });
    }
    return lines.join('\n');
  };
}

function barEmptyTable(rng: Rng) {
  const bar = rng.pick(['|', '｜', ' | ']);
  return (grid: Grid): string =>
    cellsOf(grid)
      .flatMap((row) => row.map((t) => (t === '' ? bar : t)))
      .join('\n');
}

export const streamSeparators: Base = {
  name: 'stream-separators',
  format: 'text',
  render: (report, rng) => renderDocument(report, separatorTable(rng)),
};

export const streamBarEmpty: Base = {
  name: 'stream-bar-empty',
  format: 'text',
  render: (report, rng) => renderDocument(report, barEmptyTable(rng)),
};

function preWrapTable(
  report: GeneratedReport,
  table: TableKey,
  rng: Rng,
  blank: string,
  newlines: boolean,
): string {
  const rows = cellsOf(tableGrid(report, table));
  const cell = (t: string) => (t === '' ? blank : escapeHtml(t));
  const perRow = rng.chance(0.5);
  const style = newlines
    ? rng.pick(['white-space:pre-wrap;', 'white-space: pre-wrap', 'white-space:pre-line;'])
    : 'white-space:pre-wrap;';
  // With newlines the paragraph may open and close on a line of its own (`<p …>\n…\n</p>`).
  const edge = newlines && rng.chance(0.5) ? '\n' : '';
  const join = (cells: string[]) =>
    `<p style="${style}">${edge}${cells.map(cell).join(newlines ? '\n' : '<br>')}${edge}</p>`;
  if (perRow) return rows.map(join).join('\n');
  return join(rows.flat());
}

function preWrapPage(newlines: boolean) {
  return (report: GeneratedReport, rng: Rng): string => {
    const blank = rng.pick([' ', '  ', '\t', '&nbsp;', '&#160;']);
    const p = (t: string) =>
      t
        .split('\n')
        .filter((x) => x.trim() !== '')
        .map((x) => `<p>${escapeHtml(x)}</p>`)
        .join('\n');
    const body = [
      `<h1>${escapeHtml(report.meta.title)}</h1>`,
      `<p><strong>${HEADINGS.overview}</strong></p>`,
      p(report.prose.overview),
      `<p><strong>${HEADINGS.active}</strong></p>`,
      preWrapTable(report, 'active', rng, blank, newlines),
      `<p><strong>${HEADINGS.requests}</strong></p>`,
      preWrapTable(report, 'requests', rng, blank, newlines),
      `<p><strong>${HEADINGS.appeals}</strong></p>`,
      preWrapTable(report, 'appeals', rng, blank, newlines),
      `<p><strong>${HEADINGS.problems}</strong></p>`,
      p(report.prose.problems),
      `<p><strong>${HEADINGS.other}</strong></p>`,
      p(report.prose.other),
      `<p style="text-align:right;">${escapeHtml(report.meta.agency)}</p>`,
      `<p style="text-align:right;">${chineseDate(report.meta.published_on)}</p>`,
    ].join('\n');
    return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(report.meta.title)}</title></head>\n<body>\n<div class="content">\n${body}\n</div>\n</body></html>\n`;
  };
}

export const htmlPreWrap: Base = { name: 'html-pre-wrap', format: 'html', render: preWrapPage(false) };

export const htmlPreWrapNewlines: Base = {
  name: 'html-pre-wrap-newlines',
  format: 'html',
  render: preWrapPage(true),
};

export const STREAM_BASES: Base[] = [streamSeparators, streamBarEmpty, htmlPreWrap, htmlPreWrapNewlines];
