/**
 * Normalised text → the canonical record: sections, one table per section (tokenize → detect
 * template → match → values), findings, metadata, status.
 */
import { checkAppeals, checkRequests, lookup } from './checks.ts';
import { DATE_LINE } from './dates.ts';
import { detectActive, detectRequests, isOther2019, regionKey } from './detect.ts';
import { ERROR_CODES, finding } from './findings.ts';
import { tableMarks } from './fit.ts';
import type { ExtractHints } from './hints.ts';
import { notReportFinding, truncationFinding } from './input-checks.ts';
import { assemble } from './match.ts';
import { readMeta } from './meta.ts';
import { tidyProse } from './normalise.ts';
import type { PageMeta } from './page-meta.ts';
import { checkProse } from './prose.ts';
import type { Cell, Finding, ReportRecord, TableKey, TemplateVersion } from './record.ts';
import { withScriptOf } from './script.ts';
import { findHeadings, type Region, type SectionKey, sectionRegions } from './sections.ts';
import { type CellInfo, readTable } from './table.ts';
import { getTemplate, TEMPLATES } from './templates/index.ts';
import type { TableTemplate } from './templates/types.ts';
import { detectShape, type TokTable, tokenize } from './tokenize/index.ts';
import { wrappedLayout } from './tokenize/wrapped.ts';
import { type Unwrapped, unnamedValuesLine, unwrapRows } from './unwrap.ts';

function unwrapLayout(lines: readonly string[], t: TableTemplate): Unwrapped | null {
  const w = wrappedLayout(lines);
  return w ? unwrapRows(w, t) : null;
}

const TABLES: TableKey[] = ['active', 'requests', 'appeals'];

interface TableOut {
  /** Whether the table was read (its template may still be unknown: `version` null). */
  read: boolean;
  version: '2019' | '2021' | null;
  cells: Cell[];
  states: CellInfo[];
  findings: Finding[];
}

// A table's section is a few KB; anything far beyond is not a table and must not cost time.
const MAX_TABLE_LINES = 5000;
const MAX_LINE = 20_000;

// A loop, not .map: V8's optimised .map returns a holey array where the unoptimised one returns a
// packed one, and every loop over a section's lines (detectShape, the tokenizers) was compiled
// again when the other kind reached it ("wrong map" deopts).
function bounded(lines: readonly string[]): string[] {
  const out: string[] = [];
  const n = Math.min(lines.length, MAX_TABLE_LINES);
  for (let i = 0; i < n; i++) {
    const l = lines[i] as string;
    out.push(l.length > MAX_LINE ? l.slice(0, MAX_LINE) : l);
  }
  return out;
}

/** Line range of a table: its section, or if the heading is missing, the gap between its neighbours. */
function tableRange(
  lineCount: number,
  regions: Partial<Record<SectionKey, Region>>,
  key: TableKey,
): Region | null {
  const r = regions[key];
  if (r) return r;
  const order: SectionKey[] = ['overview', 'active', 'requests', 'appeals', 'problems', 'other'];
  const i = order.indexOf(key);
  const prev = order
    .slice(0, i)
    .reverse()
    .find((k) => regions[k]);
  const next = order.slice(i + 1).find((k) => regions[k]);
  if (!prev && !next) return key === 'appeals' ? null : { start: 0, end: lineCount };
  const start = prev ? (regions[prev] as Region).start : 0;
  const end = next ? (regions[next] as Region).start - 1 : lineCount;
  // Only a gap between two tables can be trusted to hold the missing one.
  if (key === 'appeals' && !(prev === 'requests' && next)) return null;
  return { start, end: Math.max(start, end) };
}

/** Lines of a table (see tableRange), bounded. */
function tableLines(
  lines: readonly string[],
  regions: Partial<Record<SectionKey, Region>>,
  key: TableKey,
): string[] | null {
  const r = tableRange(lines.length, regions, key);
  return r ? bounded(lines.slice(r.start, r.end)) : null;
}

/**
 * A table not read. A module function, not a closure in readOne: under tsx (esbuild's keepNames)
 * every named closure costs a defineProperty each time it is made.
 */
function notRead(key: TableKey, msg: string): TableOut {
  return {
    read: false,
    version: null,
    cells: [],
    states: [],
    findings: [finding('table.missing', 'error', key, null, null, msg)],
  };
}

function readOne(
  key: TableKey,
  lines: string[] | null,
  version: '2019' | '2021' | null,
  index: number,
  hints: ExtractHints,
): TableOut {
  if (!lines) return notRead(key, `${key} table: section not found`);
  const shape = detectShape(lines);
  if (hints.rejectShapes?.includes(shape)) return notRead(key, `${key} table: shape ${shape} is rejected`);
  const tokens = tokenize(lines, shape);
  const pieces = assemble(tokens);
  const rk = regionKey(lines);
  const v =
    key === 'active'
      ? (detectActive(rk) ?? version)
      : key === 'requests'
        ? detectRequests(rk, pieces.some(isOther2019))
        : (version ?? '2021');
  const unknown = `template unknown — no header or row that only the 2019 or only the 2021 template prints`;
  // The requests templates share every row but （六）其他处理's: those are read, the others are not.
  if (!v && key !== 'requests') return notRead(key, `${key} table: ${unknown}`);
  const template = v ? getTemplate(key, v) : SHARED_REQUESTS;
  // Labels wrapped around their values line (PDF layout text): rows are reassembled against the template.
  const wrapped =
    shape === 'space-rows' && key !== 'appeals' && unnamedValuesLine(tokens, template)
      ? unwrapLayout(lines, template)
      : null;
  const read = readTable(
    key,
    template,
    wrapped?.pieces ?? pieces,
    tokens.tableIndex ?? index,
    () => lines.join('\n'),
    {
      // Comma rows are a stream only to join wrapped rows: their cells keep their columns.
      grid: !wrapped && (!tokens.stream || tokens.shape === 'comma-rows') && tokens.rows.length > 1,
      marks: tableMarks(tokens.rows, tokens.separators === true),
      oneCellPerLine: tokens.shape === 'lines' || tokens.shape === 'pipe-cells',
      ambiguous: wrapped?.ambiguous,
    },
  );
  if (read.rowsFound === 0)
    return notRead(key, `${key} table: no row of the ${v ?? 'shared'} template found`);
  if (!v) {
    for (const row of UNSHARED_REQUESTS)
      read.findings.push(
        finding(
          'table.missing',
          'error',
          key,
          row.key,
          null,
          `${key} row ${row.key} (${row.label}) not read: ${unknown}`,
        ),
      );
  }
  return { read: true, version: v, cells: read.cells, states: read.states, findings: read.findings };
}

const SHARED_KEYS = new Set(
  TEMPLATES.requests['2019'].rows
    .map((r) => r.key)
    .filter((k) => TEMPLATES.requests['2021'].rows.some((r) => r.key === k)),
);
/** The rows both requests templates print, read when the template is unknown. */
const SHARED_REQUESTS: TableTemplate = {
  ...TEMPLATES.requests['2019'],
  rows: TEMPLATES.requests['2019'].rows.filter((r) => SHARED_KEYS.has(r.key)),
};
/** The rows only one requests template prints (（六）其他处理 and its 2021 sub-rows). */
const UNSHARED_REQUESTS = [...TEMPLATES.requests['2019'].rows, ...TEMPLATES.requests['2021'].rows].filter(
  (r) => !SHARED_KEYS.has(r.key),
);

function prose(lines: readonly string[], r: Region | undefined, trimSignature = false): string | null {
  if (!r) return null;
  let body = lines.slice(r.start, r.end);
  if (trimSignature) {
    const idx: number[] = [];
    body.forEach((l, i) => {
      if (l.trim() !== '') idx.push(i);
    });
    const last = idx[idx.length - 1];
    if (last !== undefined && DATE_LINE.test((body[last] as string).trim())) {
      let cut = last;
      const before = idx[idx.length - 2];
      const prev = before !== undefined ? (body[before] as string).trim() : '';
      if (before !== undefined && prev.length <= 40 && !/[，。；：]/.test(prev)) cut = before;
      body = body.slice(0, cut);
    }
  }
  // Table rows (HTML grids) inside a prose section are not prose.
  return tidyProse(body.filter((l) => !l.startsWith('\u001e')));
}

export function extractFromText(text: string, hints: ExtractHints, page: PageMeta | null): ReportRecord {
  return withScriptOf(text, () => readRecord(text, hints, page));
}

function readRecord(text: string, hints: ExtractHints, page: PageMeta | null): ReportRecord {
  const lines = text.split('\n');
  const headings = findHeadings(lines);
  const regions = sectionRegions(lines, headings);
  const { meta, findings: metaFindings } = readMeta(lines, headings[0]?.line ?? -1, hints, page, text);
  const sections = {
    overview: prose(lines, regions.overview),
    problems: prose(lines, regions.problems),
    other: prose(lines, regions.other, true),
  };

  const outs: Partial<Record<TableKey, TableOut>> = {};
  let index = 0;
  outs.active = readOne('active', tableLines(lines, regions, 'active'), null, index, hints);
  if (outs.active.read) index++;
  outs.requests = readOne('requests', tableLines(lines, regions, 'requests'), null, index, hints);
  if (outs.requests.read) index++;
  const follow = outs.requests.version ?? outs.active.version;
  outs.appeals = readOne('appeals', tableLines(lines, regions, 'appeals'), follow, index, hints);

  const found = TABLES.filter((k) => outs[k]?.read);
  const templates: Record<TableKey, TemplateVersion | null> = { active: null, requests: null, appeals: null };
  const cells: Cell[] = [];
  const states: CellInfo[] = [];
  let findings: Finding[] = [];
  const pre2019 = found.length === 0 && meta.year !== null && meta.year < 2019;
  if (pre2019) {
    templates.active = templates.requests = templates.appeals = 'pre2019';
  } else {
    for (const k of TABLES) {
      const o = outs[k] as TableOut;
      templates[k] = o.version;
      cells.push(...o.cells);
      states.push(...o.states);
      findings.push(...o.findings);
    }
  }

  if (found.length) {
    const get = lookup(cells, states);
    if (outs.requests.read) {
      // The row keys in order of first appearance (a row's cells are consecutive).
      const rows: string[] = [];
      let prev: string | null = null;
      for (const c of outs.requests.cells)
        if (c.row !== prev) {
          prev = c.row;
          if (!rows.includes(c.row)) rows.push(c.row);
        }
      findings.push(...checkRequests(get, rows));
    }
    if (outs.appeals.read) findings.push(...checkAppeals(get));
    const said = [sections.overview, sections.problems, sections.other].filter((s) => s).join('\n');
    findings.push(...checkProse(said, get));
    if (meta.year !== null && meta.year >= 2021) {
      const old = TABLES.filter((k) => k !== 'appeals' && templates[k] === '2019');
      if (old.length) {
        findings.push(
          finding(
            'template.outdated',
            'warning',
            null,
            null,
            null,
            `a report covering ${meta.year} uses the 2019 template (${old.join(', ')})`,
          ),
        );
      }
    }
  }
  if (meta.published_on && meta.year !== null && meta.published_on > `${meta.year + 1}-01-31`) {
    findings.push(
      finding(
        'meta.late',
        'warning',
        null,
        null,
        null,
        `published on ${meta.published_on}, after the deadline of ${meta.year + 1}-01-31`,
      ),
    );
  }
  const truncated = found.length ? truncationFinding(regions, lines.length) : null;
  if (truncated) findings.push(truncated);
  // No table and nothing that says "annual report": not a report (a challenge, an unrelated page).
  const notReport = found.length === 0 && !pre2019 ? notReportFinding(meta, headings) : null;
  if (notReport) findings.push(notReport);
  else findings.push(...metaFindings);
  findings = findings.filter(
    (f, i, all) =>
      all.findIndex((g) => g.code === f.code && g.table === f.table && g.row === f.row && g.col === f.col) ===
      i,
  );

  const status = pre2019
    ? 'ok'
    : found.length === 0
      ? 'failed'
      : findings.some((f) => ERROR_CODES.has(f.code))
        ? 'partial'
        : 'ok';
  return { status, meta, templates, cells, findings, sections };
}

/** A table's section and grid exactly as the extractor reads them (db/trace.ts traces cells with it). */
export interface SourceTable {
  table: TableKey;
  /** First line of the section in the normalised text (0-based). */
  start: number;
  lines: string[];
  tokens: TokTable;
}

/** Each table section of a normalised text with its grid: the positions a cell's `source` refers to. */
export function sourceTables(text: string): SourceTable[] {
  return withScriptOf(text, () => tablesOf(text));
}

function tablesOf(text: string): SourceTable[] {
  const lines = text.split('\n');
  const regions = sectionRegions(lines);
  return TABLES.flatMap((table) => {
    const r = tableRange(lines.length, regions, table);
    if (!r) return [];
    const section = bounded(lines.slice(r.start, r.end));
    return [{ table, start: r.start, lines: section, tokens: tokenize(section, detectShape(section)) }];
  });
}
