/**
 * Regenerates the binary fixtures in test/fixtures/documents/ (run by hand, not by tests):
 *   npx tsx test/support/documents/make-fixtures.ts [unit] [portal]   (default: both)
 * The .doc files need LibreOffice (`soffice`), which CI does not have: that is why they are committed.
 * `report-*` hold sampleReport() (the extractor's unit tests); `portal-{year}.doc` hold the generated
 * records of portal-doc.ts that the local portal serves. Run it again when either changes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { buildDocx } from './build-docx.ts';
import { buildPdf } from './build-pdf.ts';
import { buildableOf, PORTAL_DOC_YEARS, portalDocFile, portalDocReport } from './portal-doc.ts';
import { sampleReport } from './sample-report.ts';

const OUT = resolve(import.meta.dirname, '../../fixtures/documents');
const SOFFICE = process.env.SOFFICE ?? '/usr/bin/soffice';

async function docFrom(docx: Uint8Array, name: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'xxgk-doc-'));
  try {
    writeFileSync(join(dir, `${name}.docx`), docx);
    execFileSync(
      SOFFICE,
      [
        '--headless',
        `-env:UserInstallation=file://${dir}/profile`,
        '--convert-to',
        'doc',
        '--outdir',
        dir,
        join(dir, `${name}.docx`),
      ],
      {
        stdio: 'inherit',
        timeout: 120_000,
      },
    );
    writeFileSync(join(OUT, `${name}.doc`), readFileSync(join(dir, `${name}.doc`)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `unit`: the sampleReport() files the extractor's tests read; `portal`: the local portal's .doc files. */
const GROUPS = {
  unit: async () => {
    const r2019 = sampleReport();
    const r2021 = sampleReport(
      { active: '2021', requests: '2021', appeals: '2021' },
      { year: 2022, agency: '赣州经开区机关事务管理中心' },
    );
    await docFrom(await buildDocx(r2019), 'report-2019');
    await docFrom(await buildDocx(r2021), 'report-2021');
    writeFileSync(join(OUT, 'report-2021.pdf'), await buildPdf(r2021));
  },
  portal: async () => {
    for (const year of PORTAL_DOC_YEARS)
      await docFrom(
        await buildDocx(buildableOf(portalDocReport(year))),
        basename(portalDocFile(year), '.doc'),
      );
  },
};

// The intermediate .docx carries its build time, so every run rewrites the files: regenerate only the group that changed.
const asked = process.argv.slice(2);
const unknown = asked.filter((g) => !(g in GROUPS));
if (unknown.length > 0)
  throw new Error(`unknown fixture group(s) ${unknown.join(', ')}; known: unit, portal`);
for (const g of asked.length > 0 ? asked : Object.keys(GROUPS)) await GROUPS[g as keyof typeof GROUPS]();
console.log(`fixtures written to ${OUT}`);
