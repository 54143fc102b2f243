/**
 * CJK radicals → the ideographs they stand for. PDF writers name each glyph by one code point in
 * the text layer (ToUnicode); CJK fonts draw 页 and the radical ⻚ (U+2EDA), 首 and ⾸ (U+2F78)
 * with one glyph, and Chromium/Skia and other writers pick the lower code point: the radical. So
 * PDFs printed from a browser or Word, and text copied out of them into a CMS, say `⾸⻚`,
 * `⾏政处罚`, `⻓期` — different characters to every match. Kangxi radicals (U+2F00–U+2FD5) have
 * Unicode compatibility decompositions (NFKC); the CJK Radicals Supplement (U+2E80–U+2EF3)
 * mostly has none, so its pairs are listed: the radicals the npm Noto Sans Hans
 * (test/support/fonts) draws with a unified ideograph's glyph, read from its cmap (they agree with
 * Unicode's EquivalentUnifiedIdeograph data; no npm package carries that data). ⼾ goes to 户, the
 * glyph simplified-Chinese fonts share, not NFKC's 戶. The Chromium-printed corpus
 * (test/integration/documents/word-pdf.test.ts) is where these radicals come from.
 */
const PAIRS =
  '⺂乛⺅亻⺉刂⺋㔾⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺦丬⺨犭⺭礻⺯糹⺰纟⺱罓⺳㓁⺹耂⺺肀⺾艹' +
  '⻁虎⻂衤⻅见⻆角⻈讠⻉贝⻋车⻌辶⻐钅⻑長⻒镸⻓长⻔门⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟' +
  '⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻮齿⻯竜⻰龙⻱龜⻳龟⼾户';

const MAP = new Map<string, string>();
for (let i = 0; i + 1 < PAIRS.length; i += 2) MAP.set(PAIRS[i]!, PAIRS[i + 1]!);

export const RADICAL = /[\u2E80-\u2EF3\u2F00-\u2FD5]/;
const RADICALS = /[\u2E80-\u2EF3\u2F00-\u2FD5]/g;

/** The text with every radical that stands for an ideograph replaced by it (same length: all BMP). */
export function unifyRadicals(s: string): string {
  if (!RADICAL.test(s)) return s;
  return s.replace(RADICALS, (c) => {
    const m = MAP.get(c);
    if (m) return m;
    const n = c.normalize('NFKC');
    return n.length === 1 ? n : c;
  });
}
