/**
 * A worker process: the four stage handlers on the queue, plus a periodic check that closes crawl
 * runs once all queues are idle (scheduled and detached crawls have no attached command to do it).
 * SIGTERM/SIGINT drain: no new job is taken, active jobs finish, then connections close.
 */
import { describeError } from '../config/errors.ts';
import type { Stage } from './payloads.ts';
import { registerStages, STAGE_HANDLERS } from './runner.ts';
import { finishIdleRuns } from './runs.ts';
import type { PipelineContext } from './wiring.ts';

export interface RunningWorker {
  /** Drain and close the pipeline. Safe to call twice. */
  stop(): Promise<void>;
  /** Resolves once stopped (after a signal or stop()). */
  stopped: Promise<void>;
}

export function startWorker(
  ctx: PipelineContext,
  opts: { runCheckMs?: number; handleSignals?: boolean; stages?: readonly Stage[] } = {},
): RunningWorker {
  registerStages(ctx.queue, ctx.deps, ctx.concurrency, STAGE_HANDLERS, opts.stages, ctx.control);
  const timer = setInterval(() => {
    finishIdleRuns(ctx.db, ctx.queue, { flush: () => ctx.store.flushCounts() })
      .then((ids) => ids.length > 0 && ctx.logger.info({ runs: ids }, 'crawl runs finished'))
      .catch((err) => ctx.logger.warn({ err: describeError(err) }, 'run check failed'));
  }, opts.runCheckMs ?? 5000);
  let stopping: Promise<void> | null = null;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  const stop = () => {
    stopping ??= (async () => {
      clearInterval(timer);
      ctx.logger.info('worker draining');
      await ctx.close();
      ctx.logger.info('worker stopped');
      resolveStopped();
    })();
    return stopping;
  };
  if (opts.handleSignals !== false) {
    for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => void stop());
  }
  ctx.logger.info(
    {
      queue: ctx.queue.kind,
      stages: opts.stages ?? 'all',
      concurrency: ctx.concurrency,
      sources: ctx.sources.map((s) => s.id),
    },
    'worker started',
  );
  return { stop, stopped };
}
