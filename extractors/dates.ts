/** Dates as written in reports and portal pages → ISO `YYYY-MM-DD`, or null. */

const CN_DIGIT: Record<string, number> = {
  〇: 0,
  零: 0,
  O: 0,
  o: 0,
  '○': 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

function cnNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (s.includes('十')) {
    const [a, b] = s.split('十') as [string, string];
    const tens = a === '' ? 1 : (CN_DIGIT[a] ?? Number.NaN);
    const ones = b === '' ? 0 : (CN_DIGIT[b] ?? Number.NaN);
    const n = tens * 10 + ones;
    return Number.isFinite(n) ? n : null;
  }
  let n = 0;
  for (const ch of s) {
    const d = CN_DIGIT[ch];
    if (d === undefined) return null;
    n = n * 10 + d;
  }
  return s.length ? n : null;
}

function iso(y: number, m: number, d: number): string | null {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const NUMERIC = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/;
const CHINESE =
  /([〇零○Oo一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日/;

/** The first date in `s`. */
export function parseDate(s: string): string | null {
  const m = NUMERIC.exec(s);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  const c = CHINESE.exec(s);
  if (c) {
    const y = cnNumber(c[1] as string);
    const mo = cnNumber(c[2] as string);
    const d = cnNumber(c[3] as string);
    return y !== null && mo !== null && d !== null ? iso(y, mo, d) : null;
  }
  return null;
}

/** A line that is only a date (a signature date), possibly after the agency name. */
export const DATE_LINE =
  /^(?:[\u4e00-\u9fa5（）()]{2,40}\s*)?(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|[〇零○Oo一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月\s*[一二三四五六七八九十]{1,3}\s*日)$/;
