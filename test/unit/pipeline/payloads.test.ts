import { describe, expect, it } from 'vitest';
import { jobIds, parsePayload } from '../../../pipeline/payloads.ts';

describe('payloads', () => {
  it('fills defaults and keeps ids, never bodies', () => {
    const p = parsePayload('fetch', { runId: 3, source: 'gzjkq', url: 'http://127.0.0.1:9/a.html' });
    expect(p).toEqual({
      runId: 3,
      source: 'gzjkq',
      url: 'http://127.0.0.1:9/a.html',
      parentUrl: null,
      kind: 'detail',
      force: false,
      hints: {},
    });
  });

  it('rejects a payload missing what the stage needs', () => {
    expect(() => parsePayload('extract', { runId: null, source: 'x' })).toThrow(/documentId/);
    expect(() => parsePayload('fetch', { runId: null, source: 'x', url: 'not a url' })).toThrow();
    expect(() =>
      parsePayload('load', { runId: null, source: 'x', documentId: 1, extractionId: 0, url: 'http://a/' }),
    ).toThrow();
    expect(() => parsePayload('load', { runId: null, source: 'x', documentId: 1, extractionId: 3 })).toThrow(
      /url/,
    );
  });
});

describe('job ids', () => {
  it('are deterministic and differ by input', () => {
    expect(jobIds.fetch('http://a/1')).toBe(jobIds.fetch('http://a/1'));
    expect(jobIds.fetch('http://a/1')).not.toBe(jobIds.fetch('http://a/2'));
    expect(jobIds.fetch('http://a/1', 'r5')).not.toBe(jobIds.fetch('http://a/1'));
    expect(jobIds.extract(7, '1.2.0', 'http://a/1')).toMatch(/^extract\.7\.[0-9a-f]{16}\.1\.2\.0$/);
    // The same document reached through another URL is another report: another job.
    expect(jobIds.extract(7, '1.2.0', 'http://a/1')).not.toBe(jobIds.extract(7, '1.2.0', 'http://b/1'));
    expect(jobIds.load(9)).toBe('load.9');
  });

  it('never contain ":" (BullMQ rejects custom ids with it)', () => {
    for (const id of [
      jobIds.fetch('http://a:8080/x'),
      jobIds.discover('s:1', 4),
      jobIds.extract(1, 'v1', 'http://a:1/x'),
      jobIds.load(2),
    ]) {
      expect(id).not.toContain(':');
    }
  });
});
