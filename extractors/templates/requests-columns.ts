import type { TemplateColumn } from './types.ts';

/** The applicant columns are the same in both templates. */
export const REQUEST_COLUMNS: Record<string, TemplateColumn> = {
  natural_person: { key: 'natural_person', label: '自然人', kind: 'count' },
  commercial: { key: 'commercial', label: '商业企业', kind: 'count' },
  research: { key: 'research', label: '科研机构', kind: 'count' },
  social_org: { key: 'social_org', label: '社会公益组织', kind: 'count' },
  legal_service: { key: 'legal_service', label: '法律服务机构', kind: 'count' },
  other_org: { key: 'other_org', label: '其他', kind: 'count' },
  total: { key: 'total', label: '总计', kind: 'count' },
};

export const REQUEST_COLS = Object.keys(REQUEST_COLUMNS);
