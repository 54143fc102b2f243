/**
 * A .docx of a report, made with the `docx` package: title, headings, prose, and the three tables
 * as real Word tables with merged cells (gridSpan / vMerge) where the national template has them.
 */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { Grid } from './grid.ts';
import { reportBlocks } from './outline.ts';
import type { BuildableReport } from './sample-report.ts';

function wordTable(grid: Grid): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: grid.map(
      (row) =>
        new TableRow({
          children: row.map(
            (cell) =>
              new TableCell({
                columnSpan: cell.colSpan ?? 1,
                rowSpan: cell.rowSpan ?? 1,
                verticalAlign: VerticalAlign.CENTER,
                children: [
                  new Paragraph({
                    alignment: cell.header ? AlignmentType.CENTER : AlignmentType.LEFT,
                    children: [new TextRun({ text: cell.text, bold: cell.header ?? false })],
                  }),
                ],
              }),
          ),
        }),
    ),
  });
}

export async function buildDocx(report: BuildableReport): Promise<Uint8Array> {
  const children = reportBlocks(report).map((b) => {
    switch (b.type) {
      case 'title':
        return new Paragraph({
          heading: HeadingLevel.TITLE,
          alignment: AlignmentType.CENTER,
          children: [new TextRun(b.text)],
        });
      case 'heading':
        return new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(b.text)] });
      case 'para':
        return new Paragraph({ children: [new TextRun(b.text)] });
      default:
        return wordTable(b.grid);
    }
  });
  const doc = new Document({
    creator: 'xxgk test fixtures',
    styles: { default: { document: { run: { font: 'SimSun', size: 21 } } } },
    sections: [{ children }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
