/**
 * Every finding code a report may carry, declared once: `finding()` accepts only these, the
 * codebook (`xxgk export`) prints them, and db/report-schema.md is held to them by a test.
 * Added by the extractor, or by the dataset when it loads (`by: 'dataset'`).
 */
import type { Severity } from './record.ts';

export interface FindingCodeInfo {
  severity: Severity;
  by: 'extractor' | 'dataset';
  /** 中文 */
  zh: string;
  /** The rule, in English. */
  en: string;
}

export const FINDING_CODES = {
  'requests.balance': {
    severity: 'warning',
    by: 'extractor',
    zh: '申请数量不平衡',
    en: 'per column: new_received + carried_over = handled_total + carried_forward does not hold',
  },
  'requests.row_sum': {
    severity: 'warning',
    by: 'extractor',
    zh: '申请人各列之和不等于总计',
    en: 'per row: the six applicant columns do not sum to total',
  },
  'requests.handled_sum': {
    severity: 'warning',
    by: 'extractor',
    zh: '办理结果各项之和不等于总计',
    en: 'per column: the result rows do not sum to handled_total',
  },
  'appeals.total': {
    severity: 'warning',
    by: 'extractor',
    zh: '复议诉讼结果之和不等于总计',
    en: "per group: the four outcomes do not sum to the group's total",
  },
  'table.short_row': {
    severity: 'error',
    by: 'extractor',
    zh: '行内数值少于模板列数',
    en: "a row has fewer values than the template has columns; which cell is missing is unknown, so the row's cells are null",
  },
  'table.long_row': {
    severity: 'error',
    by: 'extractor',
    zh: '行内数值多于模板列数',
    en: "a row has more values than the template has columns; which cell is which is unknown, so the row's cells are null",
  },
  'table.ambiguous_row': {
    severity: 'error',
    by: 'extractor',
    zh: '行内单元格有多种读法',
    en: "a row's cells can be read as the template's columns in more than one way (blank cells that may be layout or values, separator lines that may be empty cells); which cell is which is unknown, so the row's cells are null",
  },
  'table.missing': {
    severity: 'error',
    by: 'extractor',
    zh: '未找到表格或模板行',
    en: 'a table or a template row is not found',
  },
  'value.unreadable': {
    severity: 'warning',
    by: 'extractor',
    zh: '单元格无法读作数字',
    en: 'a cell is neither a number nor a blank marker; its value is null',
  },
  'value.negative': {
    severity: 'warning',
    by: 'extractor',
    zh: '计数为负数',
    en: 'a count below zero outside a change column',
  },
  'template.outdated': {
    severity: 'warning',
    by: 'extractor',
    zh: '2021年及以后的报告使用2019年模板',
    en: 'a report covering 2021 or later uses the 2019 template',
  },
  'meta.late': {
    severity: 'warning',
    by: 'extractor',
    zh: '发布晚于次年1月31日',
    en: 'published after 31 January of the following year (条例 第五十条), when the publication date is known',
  },
  'meta.disagree': {
    severity: 'warning',
    by: 'extractor',
    zh: '元数据来源不一致',
    en: "two sources of the agency or the year disagree (the title vs the page's metadata or the crawl, the title vs the report's stated period): the best one is kept (the title's), the message names the other",
  },
  'meta.missing': {
    severity: 'warning',
    by: 'extractor',
    zh: '未找到发布机关或报告年度',
    en: 'the agency or the covered year is null: no title, page metadata, opening (由XX局编制, 截至XX年12月31日) or signature gives it',
  },
  'text.mismatch': {
    severity: 'warning',
    by: 'extractor',
    zh: '正文所述数字与表格不一致',
    en: 'a figure stated in the prose (本年新收…N件, 上年结转…N件, 结转下年度…N件, 行政复议…N件, 行政诉讼…N件) differs from the table',
  },
  'input.challenge': {
    severity: 'error',
    by: 'extractor',
    zh: '输入是反爬虫验证页面',
    en: 'no table, and the input is an anti-bot page (a captcha form or the 412 cookie-and-reload script)',
  },
  'input.not_report': {
    severity: 'error',
    by: 'extractor',
    zh: '输入不是政府信息公开年度报告',
    en: 'no table, and nothing says the input is an annual report (no title naming a 政府信息公开…报告, fewer than two of its section headings): it is not loaded',
  },
  'input.truncated': {
    severity: 'warning',
    by: 'extractor',
    zh: '文本在表格部分中断',
    en: 'the text ends inside sections 二–四 and has no 五/六: the document looks cut off',
  },
  'ocr.low_confidence': {
    severity: 'warning',
    by: 'extractor',
    zh: 'OCR识别不确定，单元格留空',
    en: 'a scanned cell whose OCR readings did not agree confidently (or whose row label or identity failed): left null, the reading kept in the message',
  },
  'years.carry_over': {
    severity: 'warning',
    by: 'dataset',
    zh: '上年结转与前一年结转下年度不一致',
    en: 'carried_forward (total) of year N differs from carried_over (total) of year N+1, same agency',
  },
  'years.stock': {
    severity: 'warning',
    by: 'dataset',
    zh: '现行有效件数与上年及本年增减不一致',
    en: '2021 template: in_force of year N−1 + issued − repealed of year N differs from in_force of year N (规章, 行政规范性文件)',
  },
  'years.duplicate': {
    severity: 'warning',
    by: 'dataset',
    zh: '同一机关同一年度有两份报告',
    en: 'two different current reports claim the same agency and year',
  },
  'agency.placeholder': {
    severity: 'warning',
    by: 'dataset',
    zh: '发布者不是机关名称',
    en: "the publisher printed is not an agency (样本报告, 本网, 办公室, a site's name…): the agency is taken from the title when it names one, else the report has no agency (the extractor says so when it passes over a placeholder; the loader when a placeholder is all a record has)",
  },
} as const satisfies Record<string, FindingCodeInfo>;

export type FindingCode = keyof typeof FINDING_CODES;

export const isFindingCode = (code: string): code is FindingCode => Object.hasOwn(FINDING_CODES, code);
