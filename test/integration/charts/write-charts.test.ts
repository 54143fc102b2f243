import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCharts } from '../../../db/charts/index.ts';
import { type Database, loadReport, migrate, openDatabase } from '../../../db/index.ts';
import { EXTRACTOR_VERSION, extractText } from '../../../extractors/index.ts';

const url = process.env.XXGK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const seeds = join(import.meta.dirname, '../../fixtures/seeds');
const schema = `xxgk_chart_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
let db: Database;
let out: string;

describe('xxgk chart over real PostgreSQL', () => {
  beforeAll(async () => {
    db = await openDatabase({ databaseUrl: url, dataDir: '' }, { schema });
    await migrate(db);
    // Seed 002 (2023, 2021 template): 12 new applications, 7 granted, 3 partly granted.
    // Seed 003 (2020): 9 new applications, 4 granted.
    for (const f of ['002_84c7f691cd999dc0.txt', '003_b07cdb3dbe681def.txt']) {
      const record = extractText(readFileSync(join(seeds, f), 'utf8'), {
        agency: f.startsWith('002') ? '海门区<市场>&监管局' : undefined,
      });
      await loadReport(db, record, { sourceUrl: `file:///seeds/${f}`, extractorVersion: EXTRACTOR_VERSION });
    }
    out = mkdtempSync(join(tmpdir(), 'xxgk-chart-'));
  });

  afterAll(async () => {
    await db?.close();
    rmSync(out, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  });

  it('writes index.html and one SVG per chart with the dataset numbers', async () => {
    const written = await writeCharts(db, out, { now: new Date('2026-01-01T00:00:00Z') });
    expect(written.files[0]).toBe(join(out, 'index.html'));
    expect(written.charts.map((c) => c.name)).toEqual(
      expect.arrayContaining(['applications', 'grant-rate', 'top-agencies', 'appeals', 'findings', 'status']),
    );
    const applications = readFileSync(join(out, 'applications.svg'), 'utf8');
    expect(applications).toMatch(/^<\?xml/);
    expect(applications).toContain('2020');
    expect(applications).toContain('2023');
    // The latest year's top agency is seed 002's agency with its 12 applications; its name is escaped.
    const top = readFileSync(join(out, 'top-agencies.svg'), 'utf8');
    expect(top).toContain('海门区&#60;市场&#62;&#38;监管局');
    expect(top).not.toContain('<市场>');
    expect(top).toMatch(/>12</);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('an agency chart for one agency, and a clear error for a bad format', async () => {
    const written = await writeCharts(db, out, { agency: '聊城市', format: 'svg' });
    expect(written.files.every((f) => f.endsWith('.svg'))).toBe(true);
    await expect(writeCharts(db, out, { format: 'png' as never })).rejects.toThrow(/--format/);
  });
});
