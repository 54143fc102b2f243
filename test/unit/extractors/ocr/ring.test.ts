/**
 * Grey seals found by their shape (extractors/ocr/seal.ts `findRings`, `eraseRings`) on generated
 * photocopied crops at 300 dpi: grey paper, a ruled table with digits, a seal (ring, star, text
 * around) stamped over it semi-opaque, all grey (a photocopy keeps no colour), noise, JPEG. Across
 * seeds the ring must be found where it was drawn; a page without a seal must give none; once
 * erased, the ring on paper is paper and the print off the ring is as it was.
 */
import { createCanvas, GlobalFonts, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { type Gray, otsu } from '../../../../extractors/ocr/raster.ts';
import { eraseRings, findRings } from '../../../../extractors/ocr/seal.ts';
import { CJK_FONTS } from '../../../support/fonts/index.ts';
import { mulberry32 } from '../../../support/prng.ts';

const FAMILY = 'xxgk-ring-test';
GlobalFonts.registerFromPath(CJK_FONTS.regular, FAMILY);
const DPI = 300;

type Layer = 'all' | 'print' | 'seal';

/** A photocopied crop; `print` and `seal` are drawn alone (white paper, black ink) to mask them. */
async function crop(seed: number, withSeal: boolean) {
  const rng = mulberry32(seed);
  const w = 900;
  const h = 700;
  const paper = rng.int(200, 235);
  const r = rng.int(Math.round(0.32 * DPI), Math.round(0.8 * DPI));
  const sx = w / 2 + (rng.next() - 0.5) * 200;
  const sy = h / 2 + (rng.next() - 0.5) * 150;
  const alpha = 0.55 + rng.next() * 0.25;
  const quality = rng.int(45, 75);
  const noise = rng.int(5, 25);
  const rowH = rng.int(70, 110);
  const colW = rng.int(150, 260);
  const digits = Array.from({ length: 40 }, () => String(rng.int(0, 9999)));
  const draw = (what: Layer) => {
    const c = createCanvas(w, h);
    const ctx = c.getContext('2d');
    ctx.fillStyle = what === 'all' ? `rgb(${paper},${paper},${paper})` : '#fff';
    ctx.fillRect(0, 0, w, h);
    if (what !== 'seal') {
      ctx.fillStyle = '#000';
      for (let y = 20; y < h; y += rowH) ctx.fillRect(0, y, w, 3);
      for (let x = 30; x < w; x += colW) ctx.fillRect(x, 0, 3, h);
      ctx.font = `37px ${FAMILY}`;
      ctx.textBaseline = 'middle';
      let k = 0;
      for (let y = 20; y + rowH < h; y += rowH)
        for (let x = 30; x + colW < w; x += colW)
          ctx.fillText(digits[k++ % digits.length]!, x + 30, y + rowH / 2);
    }
    if (what !== 'print' && withSeal) {
      ctx.save();
      // The seal's red as a photocopier's grey (its luma), semi-opaque over the print.
      ctx.globalAlpha = what === 'all' ? alpha : 1;
      ctx.strokeStyle = ctx.fillStyle = what === 'all' ? 'rgb(87,87,87)' : '#000';
      ctx.lineWidth = r * 0.07;
      ctx.beginPath();
      ctx.arc(sx, sy, r, 0, Math.PI * 2);
      ctx.stroke();
      ctx.beginPath();
      for (let i = 0; i < 10; i++) {
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const rr = i % 2 === 0 ? r * 0.32 : r * 0.13;
        ctx.lineTo(sx + Math.cos(a) * rr, sy + Math.sin(a) * rr);
      }
      ctx.closePath();
      ctx.fill();
      ctx.font = `${r * 0.28}px ${FAMILY}`;
      const text = '政务公开办公室专用章';
      [...text].forEach((ch, i) => {
        const a = Math.PI * (-1.1 + (i * 1.2) / (text.length - 1)) - Math.PI / 2 + Math.PI;
        ctx.save();
        ctx.translate(sx + Math.cos(a) * r * 0.72, sy + Math.sin(a) * r * 0.72);
        ctx.rotate(a + Math.PI / 2);
        ctx.fillText(ch, -r * 0.14, -r * 0.14);
        ctx.restore();
      });
      ctx.restore();
    }
    return c;
  };
  const toGray = (px: Uint8ClampedArray): Gray => {
    const data = new Uint8Array(w * h);
    for (let i = 0; i < data.length; i++) data[i] = px[i * 4]!;
    return { width: w, height: h, data };
  };
  const all = draw('all');
  const actx = all.getContext('2d');
  const img = actx.getImageData(0, 0, w, h);
  // The photocopier's tone curve (light greys wash out, mid greys darken), then sensor noise.
  for (let i = 0; i < img.data.length; i += 4) {
    const l = img.data[i]!;
    const v = (l < 150 ? l * 0.55 : Math.min(255, 120 + (l - 150) * 1.35)) + (rng.next() - 0.5) * 2 * noise;
    img.data[i] = img.data[i + 1] = img.data[i + 2] = v;
  }
  actx.putImageData(img, 0, 0);
  const decoded = await loadImage(all.encodeSync('jpeg', quality));
  const dc = createCanvas(w, h);
  dc.getContext('2d').drawImage(decoded, 0, 0);
  const mask = (what: Layer) => {
    const g = toGray(draw(what).getContext('2d').getImageData(0, 0, w, h).data);
    return Uint8Array.from(g.data, (v) => (v < 128 ? 1 : 0));
  };
  return {
    img: toGray(dc.getContext('2d').getImageData(0, 0, w, h).data),
    print: mask('print'),
    seal: mask('seal'),
    ring: { x: sx, y: sy, r },
  };
}

const SEEDS = [1, 2, 3, 4, 5, 6];
/** Each crop drawn once for the three tests (drawing and JPEG coding are most of their time). */
const made = new Map<string, ReturnType<typeof crop>>();
const cropOf = (seed: number, withSeal: boolean) => {
  const key = `${seed}/${withSeal}`;
  if (!made.has(key)) made.set(key, crop(seed, withSeal));
  return made.get(key)!;
};

describe('grey seals found by their ring', () => {
  it('finds the ring where it was drawn, over a ruled table, across seeds', {
    timeout: 180_000,
  }, async () => {
    for (const seed of SEEDS) {
      const c = await cropOf(seed, true);
      const rings = findRings(c.img, DPI, otsu(c.img));
      expect(rings, `seed ${seed}`).toHaveLength(1);
      const g = rings[0]!;
      expect(Math.hypot(g.x - c.ring.x, g.y - c.ring.y), `seed ${seed} centre`).toBeLessThan(0.05 * c.ring.r);
      expect(Math.abs(g.r - c.ring.r), `seed ${seed} radius`).toBeLessThan(4);
    }
  });

  it('finds none on a ruled table without a seal', { timeout: 180_000 }, async () => {
    for (const seed of SEEDS) {
      const c = await cropOf(seed, false);
      expect(findRings(c.img, DPI, otsu(c.img)), `seed ${seed}`).toHaveLength(0);
    }
  });

  it('erases the ring on paper and leaves the print off the ring as it was', {
    timeout: 180_000,
  }, async () => {
    for (const seed of SEEDS) {
      const c = await cropOf(seed, true);
      const t = otsu(c.img);
      const { img, rings } = eraseRings(c.img, DPI, t);
      expect(rings, `seed ${seed}`).toHaveLength(1);
      const g = rings[0]!;
      let ringInk = 0;
      let ringPx = 0;
      let printSame = 0;
      let printPx = 0;
      for (let y = 0; y < img.height; y++)
        for (let x = 0; x < img.width; x++) {
          const i = y * img.width + x;
          const onRing = Math.abs(Math.hypot(x - g.x, y - g.y) - g.r) <= g.width / 2;
          if (onRing && c.seal[i] && !c.print[i]) {
            ringPx++;
            if (img.data[i]! <= t) ringInk++;
          }
          if (c.print[i] && Math.abs(Math.hypot(x - c.ring.x, y - c.ring.y) - c.ring.r) > c.ring.r * 0.07) {
            printPx++;
            if (img.data[i] === c.img.data[i]) printSame++;
          }
        }
      expect(ringInk / ringPx, `seed ${seed}: ring on paper left as ink`).toBeLessThan(0.05);
      expect(printSame / printPx, `seed ${seed}: print off the ring unchanged`).toBeGreaterThan(0.99);
    }
  });
});
