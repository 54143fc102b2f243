import type { TableTemplate } from './types.ts';

const DOCS = ['issued', 'repealed', 'in_force'];

/** 主动公开, 国办公开办函〔2021〕30号. */
export const active2021: TableTemplate = {
  table: 'active',
  version: '2021',
  columns: {
    issued: { key: 'issued', label: '本年制发件数', kind: 'count' },
    repealed: { key: 'repealed', label: '本年废止件数', kind: 'count' },
    in_force: { key: 'in_force', label: '现行有效件数', kind: 'count' },
    decisions: { key: 'decisions', label: '本年处理决定数量', kind: 'count' },
    amount_yuan: { key: 'amount_yuan', label: '本年收费金额（单位：万元）', kind: 'money', unit: 'wan' },
  },
  rows: [
    { key: 'regulations', label: '规章', cols: DOCS },
    { key: 'normative_docs', label: '行政规范性文件', cols: DOCS, aliases: ['规范性文件'] },
    { key: 'licensing', label: '行政许可', cols: ['decisions'] },
    { key: 'penalty', label: '行政处罚', cols: ['decisions'] },
    { key: 'coercion', label: '行政强制', cols: ['decisions'] },
    { key: 'fees', label: '行政事业性收费', cols: ['amount_yuan'] },
  ],
  markers: ['本年制发件数', '本年废止件数', '现行有效件数', '本年处理决定数量', '本年收费金额'],
};
