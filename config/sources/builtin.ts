/** The default source: 赣州经开区 (gzjkq.ganzhou.gov.cn), the portal xxgk was modelled on. */
import { PRESETS } from './presets.ts';
import type { SourceInput } from './schema.ts';

export const BUILTIN_SOURCE: SourceInput = {
  ...PRESETS.gzjkq,
  id: 'gzjkq',
  name: '赣州经济技术开发区 部门信息公开目录',
  preset: 'gzjkq',
  baseUrl: 'https://gzjkq.ganzhou.gov.cn',
  directory: { paths: ['/jkqxxgk/bmxxgkml/index.shtml'], linkSelector: 'a', linkText: '年度报告' },
  titleFilter: { include: '年度报告|年报', exclude: '要点|通知' },
  render: 'static',
  rateLimit: { minIntervalMs: 1000 },
  concurrency: 2,
};
