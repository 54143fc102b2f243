/**
 * Regenerates the binary fixtures in test/fixtures/documents/ (run by hand, not by tests):
 *   npx tsx test/support/documents/make-fixtures.ts
 * The .doc files need LibreOffice (`soffice`), which CI does not have: that is why they are committed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildDocx } from './build-docx.ts';
import { buildPdf } from './build-pdf.ts';
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

const r2019 = sampleReport();
const r2021 = sampleReport(
  { active: '2021', requests: '2021', appeals: '2021' },
  { year: 2022, agency: '赣州经开区机关事务管理中心' },
);
await docFrom(await buildDocx(r2019), 'report-2019');
await docFrom(await buildDocx(r2021), 'report-2021');
writeFileSync(join(OUT, 'report-2021.pdf'), await buildPdf(r2021));
console.log(`fixtures written to ${OUT}`);
