import { describe, expect, it } from 'vitest';
import { type Gray, gaussianBlur, inkBox, tidyCrop } from '../../../../extractors/ocr/raster.ts';
import {
  decideValue,
  LOW_MARK,
  loneDigitUnread,
  numericCore,
  type OcrCell,
  squeezeX,
  wellFormed,
} from '../../../../extractors/ocr/read.ts';
import { mulberry32, type Rng } from '../../../support/prng.ts';
import { decider } from '../../../support/scans/cell.ts';

const fresh = (): OcrCell => ({
  page: 1,
  box: { x: 0, y: 0, w: 100, h: 40 },
  row: 0,
  col: 0,
  rowSpan: 1,
  colSpan: 1,
  text: '',
  reading: '',
  confidence: 100,
  status: 'blank',
});
const r = (text: string, conf = 50) => ({ text, conf });
/** decideValue on readings: free chi_sim, chi_sim value characters, then three eng. */
const decide = decider(50, fresh);

describe('value readings', () => {
  it('full-width digits and signs are the ASCII ones', () => {
    expect(numericCore('１２')).toBe('12');
    expect(numericCore('－５')).toBe('-5');
    expect(numericCore('1,234.5万元')).toBe('1234.5');
  });

  it('takes digits a quorum of readings of both models agree on, one reading of other digits tolerated', () => {
    expect(decide('5', '9', '5', '5', '')).toMatchObject({ status: 'value', text: '5' });
    // a full-width reading agrees with the ASCII ones
    expect(decide('１１', '11', '11', '', '')).toMatchObject({ status: 'value', text: '11' });
  });

  it('a reading that only lost glyphs, or the sign +, is no dissent', () => {
    expect(decide('11', '1', '11', '11', '1')).toMatchObject({ status: 'value', text: '11' });
    expect(decide('十 219', '219', '+219', '+219', '+219')).toMatchObject({ status: 'value', text: '219' });
    // a lost minus is a lost glyph, never the number taken without it
    expect(decide('-17', '17', '-17', '-17', '17')).toMatchObject({ status: 'value', text: '-17' });
    expect(decide('17', '17', '-17', '-17', '17')).toMatchObject({ status: 'low' });
  });

  it('a serifed 1 that chi_sim read as 工 or I is a 1, in a reading that is no word', () => {
    expect(numericCore('工')).toBe('1');
    expect(numericCore('工8')).toBe('18');
    expect(numericCore('I7')).toBe('17');
    expect(numericCore('工作')).toBe('');
    expect(numericCore('IT')).toBe('');
    expect(decide('工', '', '1', '1', '1')).toMatchObject({ status: 'value', text: '1' });
  });

  it('never takes digits against two readings of other digits', () => {
    const c = decide('5', '9', '5', '5', '9');
    expect(c).toMatchObject({ status: 'low', text: LOW_MARK });
    expect(c.why).toContain('disagree');
  });

  it('needs the quorum, and both models in it', () => {
    expect(decide('5', '', '5', '', '')).toMatchObject({ status: 'low', text: LOW_MARK });
    // three eng readings alone, both chi_sim readings seeing something else
    expect(decide('了', '', '1', '1', '1')).toMatchObject({ status: 'low', text: LOW_MARK });
    expect(decide('了', '1', '1', '1', '')).toMatchObject({ status: 'value', text: '1' });
  });

  it('keeps an affix only when the value reading is sure of it, and never drops an unsure 减', () => {
    const sure = fresh();
    decideValue(sure, r('减3', 90), r('减3', 90), [r('3'), r('3'), r('3')], 80);
    expect(sure).toMatchObject({ status: 'value', text: '减3' });
    const unsure = fresh();
    decideValue(unsure, r('减3', 90), r('减3', 40), [r('3'), r('3'), r('3')], 80);
    expect(unsure.status).toBe('low');
    const lost = fresh();
    decideValue(lost, r('减3', 90), r('3', 90), [r('3'), r('3'), r('3')], 80);
    expect(lost.status).toBe('low');
  });

  it('a number must look like one: no stray decimal point', () => {
    expect(decide('.0', '.0', '.0', '.0', '')).toMatchObject({ status: 'low' });
  });
});

function glyph(): Gray {
  // a 6×20 bar of ink on a 60×40 grey, speckled page
  const width = 60;
  const height = 40;
  const data = new Uint8Array(width * height).fill(200);
  for (let y = 10; y < 30; y++) for (let x = 25; x < 31; x++) data[y * width + x] = 20;
  data[2 * width + 3] = 0; // a lone speck
  return { width, height, data };
}

describe('tidy crops', () => {
  it('a blur keeps the mean level and spreads an edge', () => {
    const g = gaussianBlur(glyph(), 1);
    expect(g.width).toBe(60);
    expect(g.data[20 * 60 + 28]).toBeLessThan(60);
    expect(g.data[20 * 60 + 24]!).toBeGreaterThan(20);
    expect(g.data[20 * 60 + 24]!).toBeLessThan(200);
    expect(g.data[35 * 60 + 50]).toBe(200);
  });

  it('the ink box leaves out a lone speck', () => {
    expect(inkBox(glyph(), 100)).toEqual({ x: 25, y: 10, w: 6, h: 20 });
    expect(inkBox({ width: 3, height: 3, data: new Uint8Array(9).fill(255) }, 100)).toBeNull();
  });

  it('the tidy crop has white paper, the ink scaled to the height asked, and a margin', () => {
    const t = tidyCrop(glyph(), 40, true);
    const box = inkBox(t, 128, 1)!;
    expect(box.h).toBeGreaterThanOrEqual(34);
    expect(box.h).toBeLessThanOrEqual(46);
    expect(box.y).toBeGreaterThanOrEqual(18);
    expect(new Set(t.data)).toEqual(new Set([0, 255]));
  });
});

describe('the confidence of a value taken on a quorum', () => {
  it('is the lowest of the readings that read the digits, not of a look-alike', () => {
    const cell = fresh();
    decideValue(cell, r('工', 0), r('', 0), [r('1', 91), r('1', 88), r('1', 95)], 80);
    expect(cell).toMatchObject({ status: 'value', text: '1', confidence: 88 });
  });
});

describe('a value taken on a quorum', () => {
  it('never has confidence 0, whatever confidence the engine gave its readings', () => {
    const cell = fresh();
    decideValue(cell, r('6', 0), r('6', 0), [r('6', 0), r('', 0), r('6', 0)], 80);
    expect(cell).toMatchObject({ status: 'value', text: '6', confidence: 1 });
    const some = fresh();
    decideValue(some, r('6', 0), r('6', 70), [r('6', 0), r('', 0), r('6', 90)], 80);
    expect(some.confidence).toBe(70);
  });
});

/** A number as the dense reports print it: small or large, signed, decimal, grouped. */
function printed(rng: Rng): string {
  const n = rng.int(0, rng.pick([9, 99, 999, 99999]));
  const sign = rng.chance(0.15) ? '-' : '';
  const dec = rng.chance(0.15) ? `.${rng.int(1, 9999)}` : '';
  const digits = rng.chance(0.1) && n >= 1000 ? n.toLocaleString('en-US') : String(n);
  return `${sign}${digits}${dec}`;
}
/** What a speck, a seal's edge or a ruling's stub left after the digits. */
const TAILS = [' -', '.', '. -', '+', ' .', '-.', ' ,-'];

describe('specks after the digits (generated: 400 numbers)', () => {
  it('a sign or point after the digits is no part of the number; one inside is', () => {
    const rng = mulberry32(7);
    for (let i = 0; i < 400; i++) {
      const p = printed(rng);
      const core = numericCore(p);
      expect(wellFormed(core), p).toBe(true);
      expect(numericCore(`${p}${rng.pick(TAILS)}`), p).toBe(core);
      if (p.includes('.')) expect(core).toContain('.');
      // a minus before a zero is the same number, dropped (see 'a minus before a zero')
      if (p.startsWith('-')) expect(core.startsWith('-'), p).toBe(Number(p) !== 0);
    }
  });

  it('readings with specks after the digits make the quorum; two readings of other digits never', () => {
    const rng = mulberry32(8);
    for (let i = 0; i < 300; i++) {
      const p = String(rng.int(0, 999));
      const tail = () => (rng.chance(0.6) ? rng.pick(TAILS) : '');
      const lost = () => (p.length > 1 && rng.chance(0.5) ? p.slice(1) : '');
      const ok = fresh();
      decideValue(
        ok,
        r(`${p}${tail()}`),
        r(`${p}${tail()}`),
        [r(`${p}${tail()}`), r(lost()), r(`${p}${tail()}`)],
        80,
      );
      expect(ok, p).toMatchObject({ status: 'value', text: p });
      const other = String((Number(p) + rng.int(1, 9)) % 1000);
      const no = fresh();
      decideValue(
        no,
        r(`${p}${tail()}`),
        r(`${other}${tail()}`),
        [r(`${p}${tail()}`), r(`${other}${tail()}`), r(p)],
        80,
      );
      expect(no.status, `${p} / ${other}`).toBe('low');
    }
  });
});

describe('a lone full-width digit eng did not read (generated)', () => {
  const low = (rs: string[]): OcrCell => ({
    ...fresh(),
    status: 'low',
    text: LOW_MARK,
    votes: { tesseract: rs.map((t) => r(t)) },
  });
  it('is asked again only when no eng reading found anything and chi_sim found one digit', () => {
    const rng = mulberry32(9);
    for (let i = 0; i < 200; i++) {
      const d = String(rng.int(0, 9));
      const fw = String.fromCharCode(0xff10 + Number(d));
      const chi = [rng.pick([d, fw, `、${d}`]), rng.pick([d, fw, ''])];
      expect(loneDigitUnread(low([...chi, '', '', ''])), chi.join('|')).toBe(true);
      // an eng reading of anything, two digits, two different digits, a decided cell: not asked
      expect(loneDigitUnread(low([...chi, '', rng.pick(['7', '.', '-']), '']))).toBe(false);
      expect(loneDigitUnread(low([`${d}${rng.int(0, 9)}`, '', '', '', '']))).toBe(false);
      expect(loneDigitUnread(low([d, String((Number(d) + rng.int(1, 9)) % 10), '', '', '']))).toBe(false);
      expect(loneDigitUnread({ ...low([d, d, '', '', '']), status: 'value' })).toBe(false);
    }
  });

  it('squeezing keeps the height and every ink row', () => {
    const g = glyph();
    const s = squeezeX(g, 0.7);
    expect(s.height).toBe(g.height);
    expect(s.width).toBe(42);
    const rows = (img: Gray) =>
      Array.from({ length: img.height }, (_, y) =>
        img.data.subarray(y * img.width, (y + 1) * img.width).some((v) => v < 100),
      );
    expect(rows(s)).toEqual(rows(g));
  });
});

describe('a junk first reading gets the value readings (generated)', () => {
  it('every label and header the templates print is a word, never junk', async () => {
    const { TEMPLATES } = await import('../../../../extractors/templates/index.ts');
    const { junk } = await import('../../../../extractors/ocr/read.ts');
    let n = 0;
    for (const versions of Object.values(TEMPLATES))
      for (const t of Object.values(versions)) {
        const words = [
          ...t.rows.flatMap((r) => [r.label, ...(r.groups ?? []), ...(r.aliases ?? [])]),
          ...Object.values(t.columns).map((c) => c.label),
        ];
        for (const w of words) {
          n++;
          expect(junk(w), w).toBe(false);
        }
      }
    expect(n).toBeGreaterThan(100);
  });

  it('specks read as letters and signs, or one character between arcs, are junk; numbers never', async () => {
    const { junk } = await import('../../../../extractors/ocr/read.ts');
    const rng = mulberry32(12);
    const latin = 'AITfom|\\/-.,”“:;!';
    for (let i = 0; i < 300; i++) {
      const len = rng.int(1, 6);
      let s = Array.from({ length: len }, () => rng.pick([...latin])).join('');
      if (rng.chance(0.4)) s = `${s.slice(0, 1)}${rng.pick(['本', '雇', '真', '老'])}${s.slice(1)}`;
      expect(junk(s), s).toBe(true);
      expect(junk(`${s}${rng.int(0, 99)}`)).toBe(false);
    }
    expect(junk('')).toBe(false);
  });
});

describe('a minus before a zero, a glyph apart', () => {
  it('a minus before a zero is the same number: it backs a 0', () => {
    expect(numericCore('-0')).toBe('0');
    expect(numericCore('－0.0')).toBe('0.0');
    expect(numericCore('-05')).toBe('-05');
    expect(numericCore('-10')).toBe('-10');
    // "“0", "0", "70", "0", "-0" for a printed 0 (150 dpi, seed 1500): four readings of 0, one dissent
    expect(decide('“0', '0', '70', '0', '-0')).toMatchObject({ status: 'value', text: '0' });
    // a minus before other digits stays a reading of another number
    expect(decide('“0', '0', '70', '0', '-8').status).toBe('low');
  });

  it('never takes digits with a glyph apart that two readings did not see (generated: 300 numbers)', () => {
    const rng = mulberry32(41);
    for (let i = 0; i < 300; i++) {
      const n = String(rng.int(2, 9999)).replace(/^1/, '2');
      // a stub read as a 1 by three readings, the free one seeing it apart
      const stub = rng.chance(0.5) ? `1${n}` : `${n}1`;
      const apart = stub.startsWith('1') && stub.slice(1) === n ? `1 ${n}` : `${n} 1`;
      expect(decide(apart, stub, n, n, stub).status, `${apart} ${n}`).toBe('low');
      // the same readings with the glyph not apart: a real glyph two readings lost
      expect(decide(stub, stub, n, n, stub), stub).toMatchObject({ status: 'value', text: stub });
      // a glyph apart that every reading saw is no glyph lost ("1 4" for a printed 14)
      expect(decide(apart, stub, stub, stub, stub), stub).toMatchObject({ status: 'value', text: stub });
    }
  });
});
