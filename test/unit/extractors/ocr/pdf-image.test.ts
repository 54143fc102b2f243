/** The pure parts of taking a scanned PDF page as its picture: poppler's listings, PNM, the box frame. */
import { describe, expect, it } from 'vitest';
import { inRenderFrame } from '../../../../extractors/ocr/index.ts';
import { parseImageList, parsePageInfo, renderDiffers } from '../../../../extractors/ocr/pdf-image.ts';
import type { OcrBlock, OcrCell } from '../../../../extractors/ocr/read.ts';
import { readPnm } from '../../../../extractors/ocr/render.ts';

describe('poppler listings', () => {
  it('pdfimages -list rows', () => {
    const out = `page   num  type   width height color comp bpc  enc interp  object ID x-ppi y-ppi size ratio
--------------------------------------------------------------------------------------------
   1     0 image    2480  3508  rgb     3   8  image  no         8  0   300   300  510K 2.0%
   1     1 smask    2480  3508  gray    1   8  image  no         8  0   300   300 8478B 0.1%
`;
    expect(parseImageList(out)).toEqual([
      { type: 'image', width: 2480, height: 3508, color: 'rgb', bpc: 8 },
      { type: 'smask', width: 2480, height: 3508, color: 'gray', bpc: 8 },
    ]);
  });

  it('pdfinfo page size and rotation of the page asked for', () => {
    const out = 'Pages:           2\nPage    2 size:  595.28 x 841.89 pts (A4)\nPage    2 rot:   90\n';
    expect(parsePageInfo(out, 2)).toEqual({ w: 595.28, h: 841.89, rot: 90 });
    expect(parsePageInfo(out, 1)).toBeNull();
  });
});

describe('readPnm', () => {
  it('PBM (1 = black, rows padded to bytes), PGM, PPM; null for 16-bit or cut short', () => {
    const pbm = Buffer.concat([Buffer.from('P4\n10 2\n'), Buffer.from([0b10000000, 0b01000000, 0xff, 0xc0])]);
    const b = readPnm(pbm)!;
    expect(b.channels).toBe(1);
    expect([...b.data]).toEqual([0, ...Array(8).fill(255), 0, ...Array(10).fill(0)]);
    // A PBM whose first data byte is an ASCII digit ("1" = 0x31) is not taken for a maxval.
    const digit = readPnm(Buffer.concat([Buffer.from('P4\n8 1\n'), Buffer.from([0x31])]))!;
    expect([...digit.data]).toEqual([255, 255, 0, 0, 255, 255, 255, 0]);
    expect(readPnm(Buffer.concat([Buffer.from('P5\n2 1\n255\n'), Buffer.from([7, 9])]))).toMatchObject({
      width: 2,
      height: 1,
      channels: 1,
    });
    expect(readPnm(Buffer.concat([Buffer.from('P6\n1 1\n255\n'), Buffer.from([1, 2, 3])]))!.channels).toBe(3);
    expect(readPnm(Buffer.concat([Buffer.from('P5\n2 1\n65535\n'), Buffer.alloc(4)]))).toBeNull();
    expect(readPnm(Buffer.concat([Buffer.from('P6\n2 2\n255\n'), Buffer.alloc(5)]))).toBeNull();
  });
});

describe('renderDiffers', () => {
  const img = (w: number, h: number, f: (x: number, y: number) => number) => {
    const data = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = f(x, y);
    return { width: w, height: h, data };
  };
  it('a sub-pixel shift of an edge is no difference; a line the picture lacks is', () => {
    const pic = img(40, 30, (x) => (x < 20 ? 0 : 255));
    expect(
      renderDiffers(
        pic,
        img(40, 30, (x) => (x < 20 ? 0 : x === 20 ? 128 : 255)),
      ),
    ).toBe(0);
    expect(
      renderDiffers(
        pic,
        img(40, 30, (x, y) => (y === 10 && x > 25 ? 0 : x < 20 ? 0 : 255)),
      ),
    ).toBe(14);
    expect(
      renderDiffers(
        pic,
        img(40, 31, () => 0),
      ),
    ).toBe(40 * 30);
  });
});

describe('inRenderFrame', () => {
  it("scales a page's boxes and positions from its picture's pixels to the page at 300 dpi", () => {
    const cell = { page: 3, box: { x: 100, y: 50, w: 40, h: 20 } } as OcrCell;
    const table: OcrBlock = {
      kind: 'table',
      page: 3,
      y: 50,
      table: { page: 3, box: { x: 90, y: 50, w: 400, h: 300 }, rows: 1, cols: 1, cells: [cell] },
    };
    const f = { x: 2, y: 2.5 };
    const out = inRenderFrame(table, f);
    expect(out).toMatchObject({ y: 125, table: { box: { x: 180, y: 125, w: 800, h: 750 } } });
    expect((out as Extract<OcrBlock, { kind: 'table' }>).table.cells[0]!.box).toEqual({
      x: 200,
      y: 125,
      w: 80,
      h: 50,
    });
    const lines: OcrBlock = {
      kind: 'lines',
      page: 3,
      y: 10,
      lines: [{ text: 'a', box: { x: 1, y: 10, w: 3, h: 4 }, confidence: 90 }],
    };
    expect(inRenderFrame(lines, f)).toEqual({
      ...lines,
      y: 25,
      lines: [{ text: 'a', box: { x: 2, y: 25, w: 6, h: 10 }, confidence: 90 }],
    });
    // Pages rendered at 300 dpi (and image files) are left as they are.
    expect(inRenderFrame(table, undefined)).toBe(table);
  });
});
