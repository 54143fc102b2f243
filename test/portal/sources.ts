/**
 * Source declarations pointing at a running local portal: the default gzjkq source with its baseUrl
 * swapped, plus a TRS-preset source (JS-rendered list) and a JCMS-preset source (JSON endpoint).
 * Loopback is allowed explicitly, as only tests should.
 */
import { defaultSourceEntries, defineSource } from '../../config/sources/load.ts';
import type { Source } from '../../config/sources/schema.ts';
import type { PortalTruth } from './truth.ts';

export function portalSources(url: string, truth: PortalTruth, minIntervalMs = 20): Source[] {
  const path = (kind: string) =>
    truth.lists
      .filter((l) => l.kind === kind)
      .map((l) => ({ path: new URL(l.url).pathname + new URL(l.url).search, agency: l.agency }));
  const common = { baseUrl: url, allowPrivate: true, rateLimit: { minIntervalMs }, concurrency: 4 };
  const gzjkq = defaultSourceEntries().find((s) => s.id === 'gzjkq')!;
  return [
    defineSource({ ...gzjkq, ...common }, 'portal gzjkq'),
    defineSource(
      {
        id: 'portal-trs',
        preset: 'trs',
        render: 'browser',
        list: { waitFor: '#list li' },
        lists: path('trs'),
        ...common,
      },
      'portal trs',
    ),
    defineSource({ id: 'portal-jcms', preset: 'jcms', lists: path('json'), ...common }, 'portal jcms'),
  ];
}
