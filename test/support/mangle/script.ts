/**
 * Script family: traditional characters (繁體). Portals that serve a 繁體 version convert every
 * character (主動公開, 規章, 本年制發件數, 萬元, 行政處罰, 無); reports pasted together from such
 * pages mix both. Converted by opencc-js, character by character (cn → tw or hk standard, no
 * Taiwan phrases: a mainland site's 繁體 switch does not turn 信息 into 資訊).
 */
import { Converter } from 'opencc-js/cn2t';
import type { TextDamage } from './types.ts';

const toTw = Converter({ from: 'cn', to: 'tw' });
const toHk = Converter({ from: 'cn', to: 'hk' });

const traditionalAll: TextDamage = {
  name: 'traditional-all',
  family: 'script',
  stage: 'text',
  doc: 'the whole page in traditional characters (a portal’s 繁體 version)',
  formats: ['text', 'html'],
  apply: (text, rng) => (rng.chance(0.5) ? toTw : toHk)(text),
};

const traditionalLines: TextDamage = {
  name: 'traditional-lines',
  family: 'script',
  stage: 'text',
  doc: 'some lines in traditional characters (headings, labels, units, blank markers pasted from a 繁體 page)',
  formats: ['text', 'html'],
  apply: (text, rng) => {
    const conv = rng.chance(0.5) ? toTw : toHk;
    return text
      .split('\n')
      .map((l) => (rng.chance(0.4) ? conv(l) : l))
      .join('\n');
  },
};

export const SCRIPT_DAMAGES: TextDamage[] = [traditionalAll, traditionalLines];
