import { describe, expect, it } from 'vitest';
import { affixOf, digitsBox } from '../../../../extractors/ocr/affix.ts';
import { paddleVote } from '../../../../extractors/ocr/paddle-vote.ts';
import { type Box, type Gray, scale } from '../../../../extractors/ocr/raster.ts';
import { LOW_MARK, type OcrCell } from '../../../../extractors/ocr/read.ts';
import { mulberry32, type Rng } from '../../../support/prng.ts';
import { decider, drawCell, undecidedCell } from '../../../support/scans/cell.ts';

/** A value with an affix as the generator prints them (test/support/generate.ts). */
function affixed(rng: Rng): { affix: string; digits: string; prefix: boolean } {
  const kind = rng.int(0, 3);
  const n =
    kind < 2
      ? String(rng.int(1, 400))
      : rng.chance(0.5)
        ? String(rng.int(1, 50_000_000) / 10_000)
        : String(rng.int(1, 99_999) / 100);
  return [
    { affix: '增', digits: n, prefix: true },
    { affix: '减', digits: n, prefix: true },
    { affix: '万元', digits: n, prefix: false },
    { affix: '元', digits: n, prefix: false },
  ][kind]!;
}

/** Ink (grey < 128) of `img` inside and outside `box`. */
function inkIn(img: Gray, box: Box): { inside: number; outside: number } {
  let inside = 0;
  let outside = 0;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      if (img.data[y * img.width + x]! >= 128) continue;
      const inBox = x >= box.x && x < box.x + box.w && y >= box.y && y < box.y + box.h;
      if (inBox) inside++;
      else outside++;
    }
  return { inside, outside };
}

describe('an affix cut off a value crop (generated: 200 cells drawn at 150 dpi, read at 300)', () => {
  it('leaves every digit in the cut and the affix out of it', () => {
    const rng = mulberry32(31);
    let cut = 0;
    for (let i = 0; i < 200; i++) {
      const v = affixed(rng);
      const px = rng.int(17, 21); // 8–10 pt at 150 dpi
      const width = Math.round(px * (v.digits.length + 4));
      const height = Math.round(px * 1.8);
      const x = rng.int(4, px);
      // The first part drawn alone at its place in the whole (left-aligned); the second is the
      // whole without the first's ink.
      const o = { width, height, px, x, y: height / 2 + rng.int(-2, 2), paper: '#ddd' };
      const whole = drawCell(v.prefix ? `${v.affix}${v.digits}` : `${v.digits}${v.affix}`, o);
      const first = drawCell(v.prefix ? v.affix : v.digits, o);
      const second: Gray = {
        ...whole,
        data: whole.data.map((g, k) => (first.data[k]! < 200 ? 255 : g)),
      };
      const noisy = (g: Gray): Gray => ({
        ...g,
        data: g.data.map((p) => Math.max(0, Math.min(255, p + rng.int(-25, 25)))),
      });
      const at300 = (g: Gray) => scale(g, 2);
      const img = at300(noisy(whole));
      const box = digitsBox(
        img,
        v.prefix ? { prefix: v.affix, suffix: '' } : { prefix: '', suffix: v.affix },
      );
      if (!box) continue;
      cut++;
      const [affixPart, digitPart] = v.prefix ? [first, second] : [second, first];
      const a = inkIn(at300(affixPart), box);
      const d = inkIn(at300(digitPart), box);
      expect(a.inside, `${v.affix} ${v.digits}: affix ink in the cut`).toBe(0);
      expect(d.outside, `${v.affix} ${v.digits}: digit ink left out`).toBe(0);
    }
    expect(cut).toBeGreaterThanOrEqual(190);
  });

  it('finds no cut for an affix on both sides, nor without a gap where the affix would end', () => {
    const both = scale(drawCell('增12万元', { width: 160, height: 34, px: 19, x: 6, y: 17 }), 2);
    expect(digitsBox(both, { prefix: '增', suffix: '万元' })).toBeNull();
    // a crop whose ink has no gap (a smear, a seal's stroke across the cell)
    const bar = drawCell('一一一一一一', { width: 160, height: 34, px: 19, x: 6, y: 17 });
    const smear: Gray = {
      ...bar,
      data: bar.data.map((g, k) =>
        k % 160 > 8 && k % 160 < 120 && (k / 160) % 34 > 10 && (k / 160) % 34 < 24 ? 0 : g,
      ),
    };
    expect(digitsBox(scale(smear, 2), { prefix: '增', suffix: '' })).toBeNull();
    expect(digitsBox(scale(smear, 2), { prefix: '', suffix: '万元' })).toBeNull();
  });

  it('reads the affix around digits only', () => {
    expect(affixOf('增239')).toEqual({ prefix: '增', suffix: '' });
    expect(affixOf('275.6875万元')).toEqual({ prefix: '', suffix: '万元' });
    expect(affixOf('45.5元')).toEqual({ prefix: '', suffix: '元' });
    expect(affixOf('本年增/减')).toEqual({ prefix: '', suffix: '' });
    expect(affixOf('239')).toEqual({ prefix: '', suffix: '' });
  });
});

const r = (text: string, conf = 90) => ({ text, conf });

describe('a value with an affix decided on the digits read with it cut off', () => {
  const decide = decider(90);

  it('takes the affix from chi_sim and the digits from the quorum', () => {
    expect(decide('增368', '增368', '368', '368', '368')).toMatchObject({ status: 'value', text: '增368' });
    expect(decide('439.7751万元', '439.7751万元', '439.7751', '', '439.7751')).toMatchObject({
      status: 'value',
      text: '439.7751万元',
    });
  });

  it('never takes digits when the two chi_sim readings saw different affixes', () => {
    for (const [a, c] of [
      ['减368', '增368'],
      ['12万元', '12'],
      ['12万元', '12元'],
      ['12元', '12万元'],
    ])
      expect(decide(a!, c!, '12', '12', '12').status, `${a} ${c}`).toBe('low');
  });

  it('a cut that lost a digit is outvoted by nothing: the chi_sim readings of the whole disagree', () => {
    expect(decide('增239', '增239', '39', '39', '39')).toMatchObject({ status: 'low', text: LOW_MARK });
  });
});

describe('PaddleOCR reads an affix with the digits', () => {
  const p = (text: string, conf = 99) => ({ text, conf });
  const vote = (rs: string[], paddle: string): OcrCell => {
    const cell = undecidedCell();
    paddleVote(
      cell,
      rs.map((t) => r(t, 60)),
      p(paddle),
    );
    return cell;
  };

  it('takes it when a chi_sim reading saw the same affix and eng read the digits of the cut', () => {
    expect(vote(['增368', '增368', '19368', '368', '368'], '增368')).toMatchObject({
      status: 'value',
      text: '增368',
    });
    expect(vote(['275.6875万元', '', '275.6875', '275.6875', ''], '275.6875万元')).toMatchObject({
      status: 'value',
      text: '275.6875万元',
    });
  });

  it('refuses another affix, an affix no chi_sim reading saw, or one missing from PaddleOCR', () => {
    for (const [rs, paddle] of [
      [['增368', '增368', '368', '368', ''], '减368'],
      [['368', '', '368', '368', ''], '增368'],
      [['减368', '', '368', '368', ''], '368'],
      [['12元', '12元', '12', '12', ''], '12万元'],
      [['增12万元', '', '12', '12', ''], '增12万元'],
    ] as const)
      expect(vote([...rs], paddle).status, `${rs.join('/')} ${paddle}`).toBe('low');
  });
});
