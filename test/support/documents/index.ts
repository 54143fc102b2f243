/** Builders that turn a report record into attachment bytes (.docx, .pdf) for tests and the local portal. */

export { buildDocx } from './build-docx.ts';
export { buildPdf } from './build-pdf.ts';
export { buildCmapPdf } from './cmap-pdf.ts';
export type { DrawOptions } from './draw.ts';
export { type Grid, type GridCell, placeGrid } from './grid.ts';
export { type Block, reportBlocks } from './outline.ts';
export { type BuildableReport, rawOf, sampleReport } from './sample-report.ts';
export { tableGrid } from './tables.ts';
