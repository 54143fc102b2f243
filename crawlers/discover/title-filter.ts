/** Which list items are annual reports: the title must match `include` and must not match `exclude`. */
import type { Source } from '../../config/sources/schema.ts';

export function makeTitleFilter(filter: Source['titleFilter']): (title: string) => boolean {
  const include = new RegExp(filter.include);
  const exclude = filter.exclude ? new RegExp(filter.exclude) : null;
  return (title) => include.test(title) && !(exclude?.test(title) ?? false);
}
