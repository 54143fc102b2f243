/**
 * Scan damage, seeded: what a scanner, a photocopier and an office do to a printed report.
 * Each kind is separate so a bench can say which one costs what.
 */
import { type Canvas, createCanvas } from '@napi-rs/canvas';
import type { Rng } from '../prng.ts';
import type { PlacedText } from './draw.ts';

export interface Damage {
  /** Degrees the sheet sits askew on the glass (signed). */
  rotate?: number;
  /** Paper grey level (255 = white): recycled paper, a grey scan setting. */
  grey?: number;
  /** A red seal over a table value (in a colour scan; grey in a photocopy). */
  stamp?: boolean;
  /** Photocopy: grey only, harsh contrast, toner specks, slightly thickened strokes. */
  photocopy?: boolean;
  /** Sensor noise amplitude (0–255). */
  noise?: number;
  /** Saved as JPEG at this quality (else PNG). */
  jpegQuality?: number;
}

export const CLEAN: Damage = {};

/** The damage a 150 dpi office scan typically shows, drawn from `rng`. */
export function typicalDamage(rng: Rng): Damage {
  return {
    rotate: (rng.next() * 2 - 1) * 1.5,
    grey: rng.int(200, 235),
    stamp: true,
    photocopy: rng.chance(0.5),
    noise: rng.int(10, 30),
    jpegQuality: rng.int(45, 75),
  };
}

export interface Damaged {
  canvas: Canvas;
  /** The table value the seal was put on, if any. */
  stamped: PlacedText | null;
}

export function damagePage(page: Canvas, texts: PlacedText[], d: Damage, rng: Rng): Damaged {
  const { width: w, height: h } = page;
  let stamped: PlacedText | null = null;
  const out = createCanvas(w, h);
  const ctx = out.getContext('2d');
  ctx.fillStyle = `rgb(${d.grey ?? 255},${d.grey ?? 255},${Math.max(0, (d.grey ?? 255) - 6)})`;
  ctx.fillRect(0, 0, w, h);
  ctx.save();
  if (d.rotate) {
    ctx.translate(w / 2, h / 2);
    ctx.rotate((d.rotate * Math.PI) / 180);
    ctx.translate(-w / 2, -h / 2);
  }
  // Ink on grey paper: the page's white is multiplied away.
  ctx.globalCompositeOperation = 'multiply';
  ctx.drawImage(page, 0, 0);
  ctx.globalCompositeOperation = 'source-over';
  if (d.stamp) {
    const values = texts.filter((t) => t.inTable && /\d/.test(t.text));
    if (values.length > 0) {
      stamped = rng.pick(values);
      seal(
        ctx,
        stamped.x + stamped.w / 2 + (rng.next() - 0.5) * stamped.h,
        stamped.y + stamped.h / 2,
        stamped.h * 3.2,
        rng,
      );
    }
  }
  ctx.restore();
  const img = ctx.getImageData(0, 0, w, h);
  const px = img.data;
  const amp = d.noise ?? 0;
  for (let i = 0; i < px.length; i += 4) {
    let r = px[i]!;
    let g = px[i + 1]!;
    let b = px[i + 2]!;
    if (d.photocopy) {
      const l = 0.299 * r + 0.587 * g + 0.114 * b;
      // Harsh tone curve: light greys wash out, mid greys darken.
      const v = l < 150 ? l * 0.55 : Math.min(255, 120 + (l - 150) * 1.35);
      r = g = b = v;
      if (rng.next() < 0.0006) r = g = b = rng.int(0, 90);
    }
    if (amp) {
      const n = (rng.next() - 0.5) * 2 * amp;
      r += n;
      g += n;
      b += n;
    }
    px[i] = r;
    px[i + 1] = g;
    px[i + 2] = b;
  }
  ctx.putImageData(img, 0, 0);
  if (d.photocopy) {
    // Toner spread: strokes a little thicker and softer.
    const soft = createCanvas(w, h);
    const sctx = soft.getContext('2d');
    sctx.filter = 'blur(0.6px)';
    sctx.drawImage(out, 0, 0);
    return { canvas: soft, stamped };
  }
  return { canvas: out, stamped };
}

/** A round red office seal: ring, star, agency name around. Semi-transparent like stamp ink. */
function seal(ctx: ReturnType<Canvas['getContext']>, cx: number, cy: number, r: number, rng: Rng): void {
  ctx.save();
  ctx.globalAlpha = 0.55 + rng.next() * 0.25;
  ctx.strokeStyle = 'rgb(215,30,40)';
  ctx.fillStyle = 'rgb(215,30,40)';
  ctx.lineWidth = r * 0.07;
  ctx.beginPath();
  ctx.arc(cx, cy, r, 0, Math.PI * 2);
  ctx.stroke();
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? r * 0.32 : r * 0.13;
    ctx.lineTo(cx + Math.cos(a) * rr, cy + Math.sin(a) * rr);
  }
  ctx.closePath();
  ctx.fill();
  ctx.font = `${r * 0.28}px xxgk-scan-cjk`;
  const text = '政务公开办公室专用章';
  [...text].forEach((ch, i) => {
    const a = Math.PI * (-1.1 + (i * 1.2) / (text.length - 1)) - Math.PI / 2 + Math.PI;
    ctx.save();
    ctx.translate(cx + Math.cos(a) * r * 0.72, cy + Math.sin(a) * r * 0.72);
    ctx.rotate(a + Math.PI / 2);
    ctx.fillText(ch, -r * 0.14, -r * 0.14);
    ctx.restore();
  });
  ctx.restore();
}
