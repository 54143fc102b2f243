import { REQUEST_COLS } from './requests-columns.ts';
import type { TemplateRow } from './types.ts';

const R = '三、本年度办理结果';
const row = (key: string, label: string, groups: string[] = [], optional = false): TemplateRow => ({
  key,
  label,
  groups,
  cols: REQUEST_COLS,
  ...(optional ? { optional } : {}),
});

/** Rows shared by both templates up to （五）不予处理. */
export const REQUEST_ROWS_HEAD: TemplateRow[] = [
  row('new_received', '一、本年新收政府信息公开申请数量'),
  row('carried_over', '二、上年结转政府信息公开申请数量'),
  row('granted', '（一）予以公开', [R]),
  row('partially_granted', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', [R]),
  row('denied_subtotal', '（三）不予公开', [R], true),
  row('denied_state_secret', '1.属于国家秘密', [R, '（三）不予公开']),
  row('denied_prohibited_by_law', '2.其他法律行政法规禁止公开', [R, '（三）不予公开']),
  row('denied_security_stability', '3.危及“三安全一稳定”', [R, '（三）不予公开']),
  row('denied_third_party', '4.保护第三方合法权益', [R, '（三）不予公开']),
  row('denied_internal_affairs', '5.属于三类内部事务信息', [R, '（三）不予公开']),
  row('denied_process_info', '6.属于四类过程性信息', [R, '（三）不予公开']),
  row('denied_enforcement_file', '7.属于行政执法案卷', [R, '（三）不予公开']),
  row('denied_admin_query', '8.属于行政查询事项', [R, '（三）不予公开']),
  row('unable_subtotal', '（四）无法提供', [R], true),
  row('unable_not_held', '1.本机关不掌握相关政府信息', [R, '（四）无法提供']),
  row('unable_needs_creation', '2.没有现成信息需要另行制作', [R, '（四）无法提供']),
  row('unable_unclear', '3.补正后申请内容仍不明确', [R, '（四）无法提供']),
  row('ignored_subtotal', '（五）不予处理', [R], true),
  row('ignored_petition', '1.信访举报投诉类申请', [R, '（五）不予处理']),
  row('ignored_duplicate', '2.重复申请', [R, '（五）不予处理']),
  row('ignored_publication', '3.要求提供公开出版物', [R, '（五）不予处理']),
  row('ignored_excessive', '4.无正当理由大量反复申请', [R, '（五）不予处理']),
  row('ignored_reconfirm', '5.要求行政机关确认或重新出具已获取信息', [R, '（五）不予处理']),
];

export const REQUEST_ROWS_TAIL: TemplateRow[] = [
  row('handled_total', '（七）总计', [R]),
  row('carried_forward', '四、结转下年度继续办理'),
];

export { row as requestRow };
