/** Text mutations for the robustness properties, as fast-check arbitraries over a source text. */
import fc from 'fast-check';

export type Mutation =
  | { kind: 'drop'; at: number; count: number }
  | { kind: 'duplicate'; at: number; count: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'swap'; a: number; b: number };

const frac = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: frac, count: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: frac, count: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: frac }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: frac,
    text: fc.oneof(
      fc.string({ unit: 'binary', maxLength: 64 }),
      fc.string({ unit: 'grapheme', maxLength: 64 }),
      fc.constantFrom(
        '|',
        '｜',
        '\t',
        '\n\n',
        '[',
        '】',
        '（七）总计',
        '四、',
        '0',
        '约30',
        '-',
        '\u0000',
        '\uFEFF',
        '<table><tr><td rowspan="99">',
      ),
    ),
  }),
  fc.record({ kind: fc.constant('swap' as const), a: frac, b: frac }),
);

export function applyMutation(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const line = (f: number) => Math.floor(f * lines.length);
  switch (m.kind) {
    case 'drop':
      lines.splice(line(m.at), m.count);
      return lines.join('\n');
    case 'duplicate': {
      const i = line(m.at);
      lines.splice(i, 0, ...lines.slice(i, i + m.count));
      return lines.join('\n');
    }
    case 'truncate':
      return text.slice(0, Math.floor(m.at * text.length));
    case 'insert': {
      const i = Math.floor(m.at * text.length);
      return text.slice(0, i) + m.text + text.slice(i);
    }
    case 'swap': {
      const [i, j] = [line(m.a), line(m.b)];
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return lines.join('\n');
    }
  }
}
