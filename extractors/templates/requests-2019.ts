import { REQUEST_COLUMNS } from './requests-columns.ts';
import { REQUEST_ROWS_HEAD, REQUEST_ROWS_TAIL, requestRow } from './requests-rows.ts';
import type { TableTemplate } from './types.ts';

/** 依申请公开, 2019 template: one （六）其他处理 row. */
export const requests2019: TableTemplate = {
  table: 'requests',
  version: '2019',
  columns: REQUEST_COLUMNS,
  rows: [
    ...REQUEST_ROWS_HEAD,
    requestRow('other', '（六）其他处理', ['三、本年度办理结果']),
    ...REQUEST_ROWS_TAIL,
  ],
  markers: [],
};
