/**
 * The embedded default (in-process queue, PGlite) holds a bounded number of fetched pages when
 * loading falls behind fetching: a fetch job ends only once its page is loaded (runner.ts
 * `Inline`), and the queue runs at most `queueSlots` fetch jobs at once, so no more pages than that
 * are ever fetched and not yet loaded, however fast the portal answers. Loading is held back here
 * until that many pages wait for it (an event, not a delay); were fetching not bound by loading,
 * the pages fetched meanwhile would pass the bound.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../config/logger.ts';
import { loadSettings } from '../../../config/settings.ts';
import { STAGES } from '../../../pipeline/payloads.ts';
import type { StageDeps } from '../../../pipeline/ports.ts';
import { inlineFor, queueSlots, registerStages } from '../../../pipeline/runner.ts';
import { startCrawl, waitForRuns } from '../../../pipeline/runs.ts';
import { openPipeline } from '../../../pipeline/wiring.ts';
import { type Portal, startPortal } from '../../portal/server.ts';
import { portalSources } from '../../portal/sources.ts';
import { E2E_TIMEOUT } from './helpers.ts';

let portal: Portal;

beforeAll(async () => {
  // 30 agencies × 4 years: more report pages than the bound, so fetching could run past it.
  portal = await startPortal({
    agencies: 30,
    years: [2021, 2022, 2023, 2024],
    seeds: false,
    faults: false,
    attachments: false,
  });
});

afterAll(async () => {
  await portal?.close();
});

describe('the embedded pipeline under a slow loader', () => {
  it(
    'never holds more fetched pages than its fetch slots, and loads every report in the end',
    async () => {
      const settings = loadSettings({
        env: { DATABASE_URL: '', REDIS_URL: '', XXGK_CONCURRENCY_FETCH: '4', XXGK_CONCURRENCY_LOAD: '1' },
        configFile: '/nonexistent',
      });
      const sources = portalSources(portal.url, portal.truth).filter((s) => s.id === 'gzjkq');
      const ctx = await openPipeline(settings, {
        logger: silentLogger,
        sources,
        inMemoryDb: true,
        local: true,
      });
      try {
        const bound = queueSlots('fetch', ctx.concurrency, inlineFor(STAGES));
        const expected = portal.truth.reports.filter((r) => r.listUrl.includes('/jkqxxgk/')).length;
        expect(expected).toBeGreaterThan(bound + 10);

        // Pages fetched and not yet loaded, by URL; the most there ever were.
        const held = new Set<string>();
        let most = 0;
        let open!: () => void;
        const loading = new Promise<void>((r) => (open = r));
        const deps: StageDeps = {
          ...ctx.deps,
          fetch: async (url, source) => {
            const page = await ctx.deps.fetch(url, source);
            held.add(url);
            most = Math.max(most, held.size);
            if (held.size >= bound) open();
            return page;
          },
          store: Object.create(ctx.store, {
            loadReport: {
              value: async (...args: Parameters<StageDeps['store']['loadReport']>) => {
                await loading; // held back until `bound` pages wait
                try {
                  return await ctx.store.loadReport(...args);
                } finally {
                  held.delete(args[1].sourceUrl);
                }
              },
            },
          }),
        };
        registerStages(ctx.queue, deps, ctx.concurrency, undefined, undefined, ctx.control);
        const ids = await startCrawl(ctx.db, ctx.queue, ctx.sources, { full: true });
        await waitForRuns(ctx.db, ctx.queue, ids, { pollMs: 50, flush: () => ctx.store.flushCounts() });

        // Loading was held back until the bound was reached, and fetching never went past it.
        expect(most).toBe(bound);
        expect(held.size).toBe(0);
        const [{ n }] = (await ctx.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM reports WHERE is_current',
        )) as [{ n: number }];
        expect(n).toBe(expected);
      } finally {
        await ctx.close();
      }
    },
    E2E_TIMEOUT,
  );
});
