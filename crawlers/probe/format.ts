/** A probe report as an operator reads it: what was found, what was not, and the declaration. */
import type { ProbeReport } from './index.ts';

const MAX_ITEMS = 30;

export function formatProbe(r: ProbeReport): string {
  const out: string[] = [`probe ${r.url}`];
  for (const s of r.steps) out.push(`  ${s}`);
  if (r.listUrl) out.push(`  list: ${r.listUrl}`);
  if (r.family) out.push(`  family: ${r.family.preset} — ${r.family.evidence.join('; ')}`);
  if (r.encoding) out.push(`  encoding: ${r.encoding.charset ?? 'unknown'} (${r.encoding.declared})`);
  if (r.format)
    out.push(
      `  browser: ${r.render === 'browser' ? 'needed (the list is built by a script)' : 'not needed'}`,
    );
  if (r.items.length > 0) {
    const kept = r.items.filter((i) => i.keep).length;
    out.push(
      `  page 1: ${r.items.length} items, ${kept} kept, ${r.items.length - kept} skipped by the title filter`,
    );
    for (const i of r.items.slice(0, MAX_ITEMS))
      out.push(`    ${i.keep ? 'keep' : 'skip'}  ${i.date ?? '          '}  ${i.title}  (${i.reason})`);
    if (r.items.length > MAX_ITEMS) out.push(`    … ${r.items.length - MAX_ITEMS} more`);
  }
  if (r.paging) {
    const p = r.paging.paging;
    const style =
      p.style === 'numbered'
        ? `numbered ${p.template} from ${p.start}`
        : p.style === 'query'
          ? `query ${p.param} from ${p.first}`
          : p.style;
    out.push(
      `  paging: ${style}; ${r.paging.pageCount === null ? 'page count not stated' : `${r.paging.pageCount} page(s)`} (${r.paging.evidence})`,
    );
    if (r.paging.checked) out.push(`    checked: ${r.paging.checked}`);
    out.push('    will walk:');
    for (const n of r.paging.pages) out.push(`      ${n}`);
  }
  if (r.directory)
    out.push(
      `  directory: ${r.directory.url} — ${r.directory.lists} columns linked as "${r.directory.linkText}"`,
    );
  for (const d of r.details) {
    out.push(`  detail: ${d.url}`);
    out.push(
      d.content
        ? `    content: ${d.content.selector} → ${d.content.element} (${d.content.chars} characters, ${d.content.tables} table(s))`
        : '    content: no container found',
    );
    out.push(
      `    attachments (${d.attachmentSelector}): ${d.attachments.length === 0 ? 'none on this page' : ''}`,
    );
    for (const a of d.attachments) {
      const t = d.attachmentTypes.find((x) => x.url === a.url);
      const type = a.ext
        ? `${a.ext} (from the link)`
        : t?.type
          ? `${t.type.ext} (from ${t.type.from})`
          : t?.error
            ? `type unknown: ${t.error}`
            : 'type known once fetched';
      out.push(`      ${a.url}  ${type}`);
    }
    for (const a of d.ignored) out.push(`    left out (site header/footer): ${a.url}`);
    for (const n of d.notes) out.push(`    note: ${n}`);
  }
  for (const e of r.detailErrors) out.push(`  detail page failed: ${e}`);
  if (r.problems.length > 0) {
    out.push('  could not decide:');
    for (const p of r.problems) out.push(`    - ${p}`);
    out.push('  no declaration written.');
  } else if (r.declaration) {
    out.push('  declaration:');
    for (const line of JSON.stringify(r.declaration, null, 2).split('\n')) out.push(`    ${line}`);
  }
  return `${out.join('\n')}\n`;
}
