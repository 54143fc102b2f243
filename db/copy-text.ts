const SPECIAL = /[\\\t\n\r]/;

/** COPY text-format encoding (pure): one line per row, tab-separated, \N for NULL. */
export function copyField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '\\N';
  if (!SPECIAL.test(v)) return v;
  return v.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

export function copyLine(fields: Array<string | number | null | undefined>): string {
  return `${fields.map(copyField).join('\t')}\n`;
}
