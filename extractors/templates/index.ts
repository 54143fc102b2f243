import type { TableKey } from '../record.ts';
import { active2019 } from './active-2019.ts';
import { active2021 } from './active-2021.ts';
import { appeals2019, appeals2021 } from './appeals.ts';
import { requests2019 } from './requests-2019.ts';
import { requests2021 } from './requests-2021.ts';
import type { TableTemplate } from './types.ts';

export type { ColumnKind, TableTemplate, TemplateColumn, TemplateRow } from './types.ts';
export { active2019, active2021, appeals2019, appeals2021, requests2019, requests2021 };

export const TEMPLATES: Record<TableKey, Record<'2019' | '2021', TableTemplate>> = {
  active: { '2019': active2019, '2021': active2021 },
  requests: { '2019': requests2019, '2021': requests2021 },
  appeals: { '2019': appeals2019, '2021': appeals2021 },
};

export function getTemplate(table: TableKey, version: '2019' | '2021'): TableTemplate {
  return TEMPLATES[table][version];
}
