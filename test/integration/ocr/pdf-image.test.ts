/**
 * A scanned PDF page taken as its embedded picture (poppler's pdfimages, extractors/ocr/pdf-image.ts):
 * the scanner's pixels exactly when the page is that one picture; anything else on the page (a
 * drawing over it, the picture flipped or not covering the page, two pictures) is left to the
 * renderer (`null`). Real poppler tools on PDFs written by pdfkit, as scanToPdf writes them.
 */
import { createCanvas } from '@napi-rs/canvas';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../extractors/ocr/images.ts';
import { DEFAULT_LIMITS } from '../../../extractors/ocr/index.ts';
import { type NativePage, nativePageImage, withPdfFile } from '../../../extractors/ocr/pdf-image.ts';
import { mulberry32 } from '../../support/prng.ts';

// A 4 × 3 in page scanned at 150 dpi: small enough to be quick, a scan all the same.
const DPI = 150;
const W = 4 * DPI;
const H = 3 * DPI;
const PT = { w: 4 * 72, h: 3 * 72 };

async function picture(seed: number, format: 'png' | 'jpeg'): Promise<Buffer> {
  const rng = mulberry32(seed);
  const rnd = () => rng.next();
  const c = createCanvas(W, H);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#f4f2ec';
  ctx.fillRect(0, 0, W, H);
  ctx.strokeStyle = '#111';
  ctx.lineWidth = 2;
  for (let i = 0; i < 6; i++) {
    const y = Math.round(40 + rnd() * (H - 80));
    ctx.beginPath();
    ctx.moveTo(30, y);
    ctx.lineTo(W - 30, y);
    ctx.stroke();
  }
  ctx.fillStyle = '#000';
  ctx.font = '28px sans-serif';
  for (let i = 0; i < 8; i++)
    ctx.fillText(String(Math.floor(rnd() * 10_000)), 40 + rnd() * (W - 160), 40 + rnd() * (H - 60));
  ctx.fillStyle = 'rgba(220, 30, 30, 0.8)';
  ctx.beginPath();
  ctx.arc(W * 0.7, H * 0.5, 50, 0, Math.PI * 2);
  ctx.fill();
  return format === 'png' ? c.encodeSync('png') : c.encodeSync('jpeg', 70);
}

type Draw = (doc: PDFKit.PDFDocument, img: Buffer) => void;

async function pdfOf(img: Buffer, draw: Draw): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: [PT.w, PT.h], margin: 0, autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve) => doc.on('end', resolve));
  doc.addPage({ size: [PT.w, PT.h], margin: 0 });
  draw(doc, img);
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}

const whole: Draw = (doc, img) => {
  doc.image(img, 0, 0, { width: PT.w, height: PT.h });
};

const DIFFERS = /^page differs from its picture on \d+ pixels$/;
const native = (pdf: Uint8Array) => withPdfFile(pdf, (file) => nativePageImage(file, 1, DEFAULT_LIMITS));

describe('a PDF page that is one picture', () => {
  it("gives the picture's own pixels (PNG with an alpha channel: pdfkit writes it as a soft mask)", async () => {
    for (const seed of [1, 2, 3]) {
      const png = await picture(seed, 'png');
      const got = await native(await pdfOf(png, whole));
      expect(got).not.toHaveProperty('refused');
      const page = got as NativePage;
      const [decoded] = await decodeImage(new Uint8Array(png), 'p.png');
      expect(page!.img.width).toBe(W);
      expect(page!.img.height).toBe(H);
      expect(page!.dpi).toBe(DPI);
      // Pixel for pixel the grey the same picture gives as an image attachment.
      expect(Buffer.from(page!.img.data).equals(Buffer.from(decoded!.img.data))).toBe(true);
      // Its pixels → pixels of the page at 300 dpi.
      expect(page!.toRender.x).toBeCloseTo(2, 6);
      expect(page!.toRender.y).toBeCloseTo(2, 6);
    }
  });

  it('a JPEG picture is taken at its resolution', async () => {
    const page = await native(await pdfOf(await picture(4, 'jpeg'), whole));
    expect(page).toMatchObject({ dpi: DPI, img: { width: W, height: H } });
  });
});

describe('anything else is left to the renderer', () => {
  // Each with why: the refusal must be for the reason the case is about, not an accident.
  const cases: Array<[string, Draw, RegExp]> = [
    [
      'a hairline drawn over the picture',
      (doc, img) => {
        whole(doc, img);
        doc
          .moveTo(10, 100)
          .lineTo(PT.w - 10, 100)
          .lineWidth(0.5)
          .stroke('#000');
      },
      DIFFERS,
    ],
    [
      'a filled box drawn over the picture',
      (doc, img) => {
        whole(doc, img);
        doc.rect(20, 20, 30, 20).fill('#333');
      },
      DIFFERS,
    ],
    [
      'the picture drawn upside down',
      (doc, img) => {
        doc.save().translate(0, PT.h).scale(1, -1);
        whole(doc, img);
        doc.restore();
      },
      DIFFERS,
    ],
    [
      'the picture mirrored',
      (doc, img) => {
        doc.save().translate(PT.w, 0).scale(-1, 1);
        whole(doc, img);
        doc.restore();
      },
      DIFFERS,
    ],
    [
      'the picture on half the page',
      (doc, img) => {
        doc.image(img, 0, 0, { width: PT.w / 2, height: PT.h / 2 });
      },
      DIFFERS,
    ],
    [
      'the picture clipped',
      (doc, img) => {
        doc
          .save()
          .rect(0, 0, PT.w, PT.h * 0.6)
          .clip();
        whole(doc, img);
        doc.restore();
      },
      DIFFERS,
    ],
    [
      'two pictures',
      (doc, img) => {
        doc.image(img, 0, 0, { width: PT.w / 2, height: PT.h });
        doc.image(img, PT.w / 2, 0, { width: PT.w / 2, height: PT.h });
      },
      /^2 images/,
    ],
    ['no picture', (doc) => doc.rect(20, 20, 100, 50).fill('#000'), /^0 images/],
  ];
  for (const [what, draw, why] of cases) {
    it(what, async () => {
      for (const format of ['png', 'jpeg'] as const) {
        const got = await native(await pdfOf(await picture(7, format), draw));
        expect(got).toMatchObject({ refused: expect.stringMatching(why) });
      }
    });
  }

  it('a rotated page (/Rotate)', async () => {
    const pdf = Buffer.from(await pdfOf(await picture(8, 'jpeg'), whole)).toString('latin1');
    // pdfkit writes no /Rotate: add one to the page dictionary.
    const rotated = pdf.replace('/Type /Page\n', '/Type /Page\n/Rotate 90\n');
    expect(rotated).not.toBe(pdf);
    expect(await native(new Uint8Array(Buffer.from(rotated, 'latin1')))).toEqual({
      refused: 'page rotated 90°',
    });
  });
});
