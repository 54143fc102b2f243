/** Rendering query results (pure): aligned text table, CSV (RFC 4180), JSON-safe values. */

/** A cell as text: null → '', Date → ISO, objects → JSON. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return `\\x${Buffer.from(v).toString('hex')}`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function csvField(v: unknown): string {
  const s = cellText(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text; `bom` prepends U+FEFF so that Excel reads the UTF-8 (and the Chinese) correctly. */
export function toCsv(
  columns: string[],
  rows: Record<string, unknown>[],
  opts: { bom?: boolean } = {},
): string {
  const lines = [columns.map(csvField).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c])).join(','));
  return `${opts.bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}

/** Display width: CJK and full-width characters take two columns in a terminal. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    w +=
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x20000 && cp <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}

const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - displayWidth(s)));

/** psql-like aligned table with a row count footer. */
export function toTable(columns: string[], rows: Record<string, unknown>[]): string {
  const text = rows.map((r) => columns.map((c) => cellText(r[c]).replace(/\s*\n\s*/g, ' ')));
  const widths = columns.map((c, i) => Math.max(displayWidth(c), ...text.map((t) => displayWidth(t[i]!))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i]!))
      .join(' | ')
      .trimEnd();
  const out = [line(columns), widths.map((w) => '-'.repeat(w)).join('-+-')];
  for (const t of text) out.push(line(t));
  out.push(`(${rows.length} row${rows.length === 1 ? '' : 's'})`);
  return `${out.join('\n')}\n`;
}

/** JSON with Dates as ISO strings and bytes as hex (what `--json` prints). */
export function toJson(rows: Record<string, unknown>[]): string {
  return `${JSON.stringify(rows, (_k, v) => (v instanceof Uint8Array || (v && v.type === 'Buffer') ? cellText(Buffer.from(v.data ?? v)) : v), 2)}\n`;
}
