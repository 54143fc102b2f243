/**
 * What an annual report's title looks like: the default title filter of every source. Built from
 * named parts so each rule can be read (and argued with) on its own; the result is two plain regular
 * expressions, the same shape a sources file may override them with.
 *
 * Kept: 政府信息公开(工作)年度报告 and its 年报 / 工作报告 variants, with or without the year, agency
 * first or year first (`区财政局2021年政府信息公开工作年度报告`, `2021年度政府信息公开年报（区卫健委）`,
 * `政府信息公开年度报告（2021年）`), 政务(信息)公开 wording, and the bare `某局2021年年度报告` a
 * 年度报告 column holds.
 * Skipped: what merely resembles one — 法治政府建设年度报告, notices about compiling or sending the
 * reports, 工作要点, 指南, 实施方案, interpretations (解读, 图解), enterprise 年报, 统计年报, budgets…
 */

/** 信息公开 / 政务公开 … 年度报告 | 年报 | 工作报告, up to 12 characters apart (a year, 工作, 的). */
const DISCLOSURE_REPORT = '(信息|政务)公开.{0,12}?(年度报告|年报|工作报告)';
/** A title that is only an agency, a year and 年度报告 / 年报 (an optional bracketed note after it). */
const BARE_YEAR_REPORT =
  '^[^\\d]{0,40}\\d{4}\\s*年(度|年度)?(报告|年报)\\s*([（(【\\[][^）)】\\]]*[）)】\\]])?\\s*$';

export const ANNUAL_REPORT_INCLUDE = `${DISCLOSURE_REPORT}|${BARE_YEAR_REPORT}`;

const LOOKALIKES = [
  // Other annual reports a government publishes.
  '法治政府',
  '法治建设',
  '企业年度报告',
  '企业年报',
  '个体工商户',
  '农民专业合作社',
  '年报公示',
  '统计年报',
  '社会信用',
  '决算',
  '预算',
  // Papers about the reports, not the reports.
  '通知',
  '通报',
  // Not 编制 alone: 机构编制委员会办公室 publishes reports too.
  '报告的?编制',
  '编制(和|与|及)?(发布|公布|报送|工作|要求|说明)',
  '编报',
  '报送',
  '上报',
  '填报',
  '解读',
  '图解',
  '一图',
  '更正',
  '勘误',
  '征求意见',
  '评估',
  '测评',
  // Other disclosure documents.
  '要点',
  '指南',
  '方案',
  // Not 计划 alone: 卫生和计划生育委员会 published reports until 2018.
  '工作计划',
  '报告制度',
  '办法',
  '规定',
  '目录',
];

export const ANNUAL_REPORT_EXCLUDE = LOOKALIKES.join('|');

export const DEFAULT_TITLE_FILTER = { include: ANNUAL_REPORT_INCLUDE, exclude: ANNUAL_REPORT_EXCLUDE };
