/**
 * Units family (report stage): numbers printed glued to words and units, as editors type them:
 * `增10`, `减少3`, `12件`, `1276.5534万元`, `1234.5元` under a 万元 header. The value each cell
 * means is set alongside its printed text, so the truth follows the damage.
 */
import { TEMPLATES } from '../../../extractors/templates/index.ts';
import { formatDecimal } from '../format.ts';
import type { GeneratedReport } from '../types.ts';
import type { ReportDamage } from './types.ts';
import { cloneReport } from './util.ts';

function setRaw(
  r: GeneratedReport,
  table: 'active' | 'requests' | 'appeals',
  row: string,
  col: string,
  raw: string,
) {
  r.raws ??= {};
  r.raws[table] ??= {};
  r.raws[table]![row] = { ...r.raws[table]![row], [col]: raw };
}

const gluedUnits: ReportDamage = {
  name: 'glued-units',
  family: 'units',
  stage: 'report',
  doc: 'numbers glued to units and words: 增10 / 减少3 / 12件 / 1276.5534万元 / 1234.5元 under a 万元 header',
  formats: ['text', 'html'],
  apply: (input, rng) => {
    const r = cloneReport(input);
    const tpl = TEMPLATES.active[r.templates.active];
    for (const row of tpl.rows) {
      for (const col of row.cols) {
        const v = r.values.active[row.key]?.[col];
        if (v === null || v === undefined || !rng.chance(0.6)) continue;
        const kind = tpl.columns[col]!.kind;
        if (kind === 'change') {
          if (v > 0) setRaw(r, 'active', row.key, col, `${rng.pick(['增', '增加'])}${v}`);
          else if (v < 0) setRaw(r, 'active', row.key, col, `${rng.pick(['减', '减少'])}${-v}`);
        } else if (kind === 'money') {
          if (v === 0) continue;
          if (rng.chance(0.5)) {
            // 万元 with four places: whole yuan.
            const yuan = Math.round(v);
            r.values.active[row.key]![col] = yuan;
            setRaw(r, 'active', row.key, col, `${String(yuan / 10000)}万元`);
          } else {
            setRaw(r, 'active', row.key, col, `${formatDecimal(v)}元`);
          }
        } else if (rng.chance(0.5)) {
          setRaw(r, 'active', row.key, col, `${v}${rng.pick(['件', '个', '项', '条'])}`);
        }
      }
    }
    // Requests: counts with 件 now and then.
    for (const [row, cells] of Object.entries(r.values.requests)) {
      for (const [col, v] of Object.entries(cells)) {
        if (v !== null && rng.chance(0.05)) setRaw(r, 'requests', row, col, `${v}件`);
      }
    }
    return r;
  },
};

export const UNIT_DAMAGES: ReportDamage[] = [gluedUnits];
