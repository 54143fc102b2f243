/** Which list items are annual reports: the title must match `include` and must not match `exclude`. */
import type { Source } from '../../config/sources/schema.ts';
import { toSimplified } from './simplified.ts';

export interface TitleVerdict {
  keep: boolean;
  /** Why, for `sources check` and `sources probe`: the words that matched or what was missing. */
  reason: string;
}

/**
 * The verdict with its reason: `kept: 政府信息公开工作年度报告`, `skipped: 通知`, `skipped: not an
 * annual-report title`. Titles are matched in simplified characters (繁體 versions of a site).
 */
export function makeTitleJudge(filter: Source['titleFilter']): (title: string) => TitleVerdict {
  const include = new RegExp(filter.include);
  const exclude = filter.exclude ? new RegExp(filter.exclude) : null;
  return (printed) => {
    const title = toSimplified(printed);
    const inc = title.match(include);
    if (!inc) return { keep: false, reason: 'not an annual-report title (include does not match)' };
    const exc = exclude ? title.match(exclude) : null;
    if (exc) return { keep: false, reason: `excluded: "${exc[0]}"` };
    return { keep: true, reason: `matches "${inc[0]}"` };
  };
}

export function makeTitleFilter(filter: Source['titleFilter']): (title: string) => boolean {
  const judge = makeTitleJudge(filter);
  return (title) => judge(title).keep;
}
