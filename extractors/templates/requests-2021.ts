import { REQUEST_COLUMNS } from './requests-columns.ts';
import { REQUEST_ROWS_HEAD, REQUEST_ROWS_TAIL, requestRow } from './requests-rows.ts';
import type { TableTemplate } from './types.ts';

const R = '三、本年度办理结果';
const O = '（六）其他处理';

/** 依申请公开, 2021 template: （六）其他处理 split in three. */
export const requests2021: TableTemplate = {
  table: 'requests',
  version: '2021',
  columns: REQUEST_COLUMNS,
  rows: [
    ...REQUEST_ROWS_HEAD,
    requestRow('other_subtotal', O, [R], true),
    requestRow('other_no_correction', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', [
      R,
      O,
    ]),
    requestRow(
      'other_unpaid_fee',
      '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
      [R, O],
    ),
    requestRow('other_misc', '3.其他', [R, O]),
    ...REQUEST_ROWS_TAIL,
  ],
  markers: ['逾期不补正', '逾期未按收费通知'],
};
