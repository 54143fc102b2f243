/**
 * Tracing a cell back to its source (db/trace.ts) rests on extractors/locate.ts: for reports in
 * every shape the generator prints, each cell the extractor placed is found again at its recorded
 * position, holding its raw text, on a line that holds it. Generated across many reports, not one.
 */
import { describe, expect, it } from 'vitest';
import { displayLine } from '../../../db/trace.ts';
import { extractText, readDocument } from '../../../extractors/index.ts';
import { locateCell } from '../../../extractors/locate.ts';
import { generateReport } from '../../support/generate.ts';
import { SHAPES } from '../../support/render/index.ts';

const holds = (text: string, raw: string) => text === raw || (raw !== '' && text.split(/\s+/).includes(raw));

describe('every placed cell is found again at its position', () => {
  for (const [shape, render] of Object.entries(SHAPES)) {
    it(shape, async () => {
      let placed = 0;
      for (let seed = 1; seed <= 6; seed++) {
        const report = generateReport(seed * 7919 + shape.length, { subtotals: seed % 2 === 0 });
        const text = render(report);
        const record = extractText(text);
        const { tables, record: again } = await readDocument(new TextEncoder().encode(text), {
          filename: shape === 'html' ? 'r.html' : 'r.txt',
        });
        // Read again from bytes, the document gives the same cells at the same positions.
        expect(again.cells).toEqual(record.cells);
        for (const c of record.cells) {
          if (!c.source) continue;
          placed++;
          const section = tables.find((t) => t.table === c.table);
          expect(section, `${shape} ${seed} ${c.table}`).toBeDefined();
          const places = locateCell(section!, c.source.row, c.source.col);
          const holding = places.filter((p) => holds(p.text, c.raw));
          expect(holding, `${shape} seed ${seed} ${c.table}.${c.row}.${c.col} raw "${c.raw}"`).toHaveLength(
            1,
          );
          const line = displayLine(section!.lines[holding[0]!.line]!);
          if (c.raw !== '') expect(line, `${shape} ${c.table}.${c.row}.${c.col}`).toContain(c.raw);
        }
      }
      expect(placed).toBeGreaterThan(300);
    });
  }
});
