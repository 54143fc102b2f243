/**
 * A CJK font from an npm package (so nothing depends on the machine's fonts): Noto Sans Hans
 * (SIL OFL), GB2312 coverage, from `@embedpdf/fonts-sc`, a devDependency. Regular draws report
 * text; Light and Bold give scans and PDFs some variety of stroke weight.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The package exports only its index (dist/index.cjs); the font files sit in ../fonts beside it.
const DIR = join(dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');

export const CJK_FONTS = {
  regular: join(DIR, 'NotoSansHans-Regular.otf'),
  light: join(DIR, 'NotoSansHans-Light.otf'),
  bold: join(DIR, 'NotoSansHans-Bold.otf'),
} as const;

/** The family name the font files declare (what canvas and PDF writers know them by). */
export const CJK_FAMILY = 'Noto Sans Hans';
