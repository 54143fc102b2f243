/**
 * Titles in simplified characters. Portals with a 繁體 version (大汉's and TRS's converters) print
 * 政府信息公開工作年度報告; the title filter, the directory's link text and a sources file's own
 * patterns are written in simplified characters, so a title is matched in its simplified form.
 * OpenCC's dictionaries (opencc-js) rather than a hand table: characters only, no vocabulary changes
 * (`t` → `cn`), so a simplified title comes back unchanged.
 */
import * as OpenCC from 'opencc-js/t2cn';

let convert: ((s: string) => string) | null = null;

/** Only non-ASCII text can hold a traditional character; the dictionaries load on first use (~20 ms). */
export function toSimplified(text: string): string {
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  convert ??= OpenCC.Converter({ from: 't', to: 'cn' });
  return convert(text);
}
