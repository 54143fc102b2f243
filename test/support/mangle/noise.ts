/**
 * Noise family: damage that real pages carry everywhere, tables included, and that says nothing
 * about any cell: Windows line ends, non-breaking spaces, lines of injected portal spam.
 */
import type { Rng } from '../prng.ts';
import type { TextDamage } from './types.ts';
import { mapHtmlText } from './util.ts';

const crlf: TextDamage = {
  name: 'crlf',
  family: 'noise',
  stage: 'text',
  doc: 'Windows line ends (CRLF), sometimes a lone CR (old Mac exports) on a few lines',
  formats: ['text', 'html'],
  apply: (text, rng) => {
    const lone = rng.chance(0.2);
    return text.replace(/\n/g, () => (lone && rng.chance(0.1) ? '\r' : '\r\n'));
  },
};

/** Spaces that are not U+0020: NBSP from `&nbsp;` pasted as text, U+3000 from Chinese input methods. */
const SPACES = ['\u00a0', '\u3000', '\u00a0\u00a0', '\u2002'];

const nbsp: TextDamage = {
  name: 'nbsp',
  family: 'noise',
  stage: 'text',
  doc: 'spaces printed as NBSP / U+3000 / en spaces, and NBSP padding around cell text',
  formats: ['text', 'html'],
  apply: (text, rng, { format }) => {
    const swap = (s: string) =>
      s.replace(/ /g, () => (rng.chance(0.5) ? rng.pick(SPACES) : ' ')).replace(/\t/g, (t) => t);
    if (format === 'html') {
      // Inside text nodes only; cells padded with &nbsp; entities as editors leave them.
      return mapHtmlText(text, (t) => {
        const s = swap(t);
        return rng.chance(0.2) && /\d/.test(s) ? `&nbsp;${s}&nbsp;` : s;
      });
    }
    return swap(text);
  },
};

const SPAM = [
  'UedBet体育官方网站 注册送88元 www.uedbet-example.com',
  '澳门新葡京娱乐城 百家乐 真人视讯 首存送100%',
  '188BET体育 最佳线上博彩平台 app下载',
  '太阳城集团 博彩 注册即送58元',
  'BetWay体育 官方网站 www.betway-example.cc 2023',
];

function spamLine(rng: Rng): string {
  return rng.pick(SPAM);
}

const spamLines: TextDamage = {
  name: 'spam-lines',
  family: 'noise',
  stage: 'text',
  doc: 'gambling spam a hacked portal injected as whole lines, between prose lines and between table lines',
  formats: ['text'],
  apply: (text, rng) => {
    const lines = text.split('\n');
    const out: string[] = [];
    const k = rng.int(1, 4);
    const at = new Set(Array.from({ length: k }, () => rng.int(1, lines.length - 1)));
    lines.forEach((l, i) => {
      if (at.has(i)) out.push(spamLine(rng));
      out.push(l);
    });
    return out.join('\n');
  },
};

export const NOISE_DAMAGES: TextDamage[] = [crlf, nbsp, spamLines];
