import type { TableTemplate } from './types.ts';

const DOCS = ['made', 'published', 'total_public'];
const ITEMS = ['prev_count', 'change', 'decisions'];

/** 主动公开, 国办公开办函〔2019〕60号. */
export const active2019: TableTemplate = {
  table: 'active',
  version: '2019',
  columns: {
    made: { key: 'made', label: '本年新制作数量', kind: 'count' },
    published: { key: 'published', label: '本年新公开数量', kind: 'count' },
    total_public: { key: 'total_public', label: '对外公开总数量', kind: 'count' },
    prev_count: { key: 'prev_count', label: '上一年项目数量', kind: 'count' },
    change: { key: 'change', label: '本年增/减', kind: 'change' },
    decisions: { key: 'decisions', label: '处理决定数量', kind: 'count' },
    projects: { key: 'projects', label: '采购项目数量', kind: 'count' },
    amount_yuan: { key: 'amount_yuan', label: '采购总金额', kind: 'money', unit: 'yuan' },
  },
  rows: [
    { key: 'regulations', label: '规章', cols: DOCS },
    { key: 'normative_docs', label: '规范性文件', cols: DOCS },
    { key: 'licensing', label: '行政许可', cols: ITEMS },
    { key: 'other_services', label: '其他对外管理服务事项', cols: ITEMS },
    { key: 'penalty', label: '行政处罚', cols: ITEMS },
    { key: 'coercion', label: '行政强制', cols: ITEMS },
    { key: 'fees', label: '行政事业性收费', cols: ['prev_count', 'change'] },
    { key: 'procurement', label: '政府集中采购', cols: ['projects', 'amount_yuan'] },
  ],
  markers: [
    '本年新制作数量',
    '本年新公开数量',
    '对外公开总数量',
    '上一年项目数量',
    '本年增/减',
    '采购项目数量',
  ],
};
