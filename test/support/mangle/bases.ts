/**
 * Base renderings: the shapes a damaged case starts from. Every shape of test/support/render
 * (input-formats.md) is a base; families add bases of their own here when a damage is a whole
 * way of printing a table (one cell per line with separator lines, pre-wrap paragraphs, PDF
 * layout text with labels wrapped around their values).
 */
import { SHAPES } from '../render/index.ts';
import { renderPdfLayoutWrapped } from '../render/pdf-layout-wrapped.ts';
import type { Base } from './types.ts';

export const SHAPE_BASES: Base[] = [
  ...Object.entries(SHAPES).map(
    ([name, render]): Base => ({
      name,
      format: name === 'html' ? 'html' : 'text',
      render: (report) => render(report),
    }),
  ),
  // Variants (label widths, indentation, page headers…) drawn from the case's rng.
  {
    name: 'pdf-layout-wrapped',
    format: 'text',
    render: (report, rng) => renderPdfLayoutWrapped(report, rng),
  },
];
