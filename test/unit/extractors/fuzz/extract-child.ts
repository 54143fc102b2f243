/**
 * Runs extractText on stdin in a child process and prints timing and the record's shape as JSON.
 * The pathological-size tests use it so a runaway extraction is killed at a deadline instead of
 * blocking the test run (a synchronous call cannot be interrupted in-process).
 */
import { extractText } from '../../../../extractors/index.ts';
import { ReportRecord } from '../../../../extractors/record.ts';

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const text = Buffer.concat(chunks).toString('utf8');
const wallStart = performance.now();
const cpuStart = process.cpuUsage();
const record = extractText(text);
const cpu = process.cpuUsage(cpuStart);
const ms = (cpu.user + cpu.system) / 1000;
const wallMs = performance.now() - wallStart;
const parsed = ReportRecord.safeParse(record);
process.stdout.write(
  JSON.stringify({
    ms,
    wallMs,
    valid: parsed.success,
    error: parsed.success ? null : parsed.error.message,
    status: record.status,
    findings: record.findings.length,
  }),
);
