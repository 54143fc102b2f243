/**
 * `xxgk extract FILE|DIR…`: run the extractor on local files, print the records.
 * One file → pretty JSON; several files or a directory → JSON Lines with `"file"` added.
 * Unreadable input → `xxgk: extract <file>: <code>: <what>` on stderr, the others still run, exit 2.
 * A report that extracts as `failed` is still a record: it is printed, exit 0.
 */
import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { describeError, isXxgkError } from '../../config/errors.ts';

async function expand(path: string): Promise<string[]> {
  const s = await stat(path);
  if (!s.isDirectory()) return [path];
  const names = (await readdir(path)).sort();
  const out: string[] = [];
  for (const n of names) out.push(...(await expand(join(path, n))));
  return out;
}

// Records are written in batches: one write per record was a large part of extracting a
// directory of small text reports. The batch is flushed before any error line, so stdout and
// stderr keep their order.
let pending: string[] = [];
let pendingChars = 0;
function print(line: string): void {
  pending.push(line);
  pendingChars += line.length;
  if (pendingChars > 1 << 16) flush();
}
function flush(): void {
  if (!pending.length) return;
  process.stdout.write(pending.join(''));
  pending = [];
  pendingChars = 0;
}

function fail(file: string, err: unknown): void {
  flush();
  const code = isXxgkError(err) ? err.code : ((err as NodeJS.ErrnoException)?.code ?? 'error');
  const what = isXxgkError(err) ? err.message : describeError(err);
  process.stderr.write(`xxgk: extract ${file}: ${code === 'ENOENT' ? 'input.missing' : code}: ${what}\n`);
}

export function register(program: Command): void {
  program
    .command('extract')
    .description(
      'Extract report files (text, HTML, .docx, .pdf, .doc; scans and images by OCR) to canonical JSON records',
    )
    .argument('<paths...>', 'report files or directories (searched recursively, in name order)')
    .option('--compact', 'single-line JSON for one file')
    .action(async (paths: string[], opts: { compact?: boolean }) => {
      const { extractBytes } = await import('../../extractors/index.ts');
      const files: string[] = [];
      let bad = false;
      for (const p of paths) {
        try {
          files.push(...(await expand(p)));
        } catch (err) {
          fail(p, err);
          bad = true;
        }
      }
      const lines = files.length > 1 || paths.length > 1 || (files.length === 1 && files[0] !== paths[0]);
      for (const file of files) {
        try {
          // Synchronous: a report is small, and an async read per file costs more than the read.
          const bytes = readFileSync(file);
          const input = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
          const hints = { filename: basename(file) };
          const record = await extractBytes(input, hints).catch(async (err: unknown) => {
            // A scan (image file, PDF pages without text): read it with OCR here, as the pipeline's OCR stage would.
            if (!isXxgkError(err) || err.code !== 'input.image_only') throw err;
            const { ocrBytes } = await import('../../extractors/ocr/index.ts');
            return (await ocrBytes(input, hints)).record;
          });
          const out = lines
            ? JSON.stringify({ file, ...record })
            : JSON.stringify(record, null, opts.compact ? undefined : 2);
          print(`${out}\n`);
        } catch (err) {
          fail(file, err);
          bad = true;
        }
      }
      flush();
      if (bad) process.exitCode = 2;
    });
}
