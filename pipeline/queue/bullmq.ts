/**
 * JobQueue on BullMQ + Redis: one BullMQ queue per stage (`<prefix>:<stage>`), retries with
 * exponential backoff per stage, completed jobs trimmed, failed jobs kept for the operator.
 * Any number of processes on any number of machines may run workers against the same Redis:
 * job ids dedupe adds, and a killed worker's jobs come back through stalled-job recovery.
 */
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { describeError } from '../../config/errors.ts';
import { silentLogger } from '../../config/logger.ts';
import { type PayloadOf, STAGES, type Stage } from '../payloads.ts';
import { DEFAULT_RETRY, isRetryable } from './policy.ts';
import { connectRedis, REDIS_OPTIONS, watchOutages } from './redis.ts';
import type {
  EnqueueItem,
  FailedJob,
  JobQueue,
  RetryPolicy,
  RunningQueueJob,
  StageCounts,
  StageHandler,
} from './types.ts';

const STALLED_OUT = /stalled more than allowable limit/i;

export interface BullQueueOptions {
  redisUrl: string;
  /** A client already connected to redisUrl (BullQueue.open makes one); else one is opened lazily. */
  connection?: Redis;
  /**
   * How long close() waits for active jobs before it abandons them (their locks run out and another
   * worker retries them): SIGTERM ends a worker within about this long, even with Redis down.
   */
  drainMs?: number;
  /** Key prefix: separate deployments (and tests) share one Redis without meeting. */
  prefix: string;
  retry?: Partial<Record<Stage, RetryPolicy>>;
  /** How long a job's lock lives without renewal; a SIGKILLed worker's job is retried after about this long. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Completed jobs kept per stage (the rest are trimmed). */
  keepCompleted?: number;
  /** Failed jobs kept per stage, for inspection and `retry`. */
  keepFailed?: number;
  logger?: Logger;
}

export class BullQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  readonly connection: Redis;
  private readonly queues = new Map<Stage, Queue>();
  private readonly workers: Worker[] = [];
  private readonly retry: Record<Stage, RetryPolicy>;
  private readonly logger: Logger;

  /**
   * Connect first (bounded by connectTimeoutMs), then build the queues: what every command does, so
   * that a Redis that is down ends it with RedisUnavailableError (`redis.unavailable`) in seconds.
   */
  static async open(opts: BullQueueOptions & { connectTimeoutMs: number }): Promise<BullQueue> {
    const { connectTimeoutMs, ...rest } = opts;
    const connection = await connectRedis(opts.redisUrl, {
      timeoutMs: connectTimeoutMs,
      ...(opts.logger ? { logger: opts.logger } : {}),
    });
    return new BullQueue({ ...rest, connection });
  }

  constructor(private readonly opts: BullQueueOptions) {
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.logger = opts.logger ?? silentLogger;
    this.connection = opts.connection ?? lazyConnection(opts.redisUrl, this.logger);
    for (const stage of STAGES) {
      const policy = this.retry[stage];
      this.queues.set(
        stage,
        new Queue(stage, {
          connection: this.connection,
          prefix: opts.prefix,
          defaultJobOptions: {
            attempts: policy.attempts,
            backoff: { type: 'exponential', delay: policy.backoffMs },
            removeOnComplete: { count: opts.keepCompleted ?? 1000 },
            removeOnFail: { count: opts.keepFailed ?? 50_000 },
          },
        }),
      );
      // Without a listener BullMQ prints each connection error's stack to the console; the
      // connection's own listener (redis.ts) already logs an outage once.
      this.queue(stage).on('error', (err) => this.logConnectionOr(err, { stage }, 'queue error'));
    }
  }

  /** Errors while Redis is unreachable are the outage (logged once by redis.ts); others are logged here. */
  private logConnectionOr(err: Error, fields: Record<string, unknown>, msg: string): void {
    if (this.connection.status !== 'ready') this.logger.debug({ ...fields, err: describeError(err) }, msg);
    else this.logger.error({ ...fields, err: describeError(err) }, msg);
  }

  /** The BullMQ queues, for the dashboard and the scheduler. */
  queue(stage: Stage): Queue {
    return this.queues.get(stage)!;
  }

  async add<S extends Stage>(stage: S, data: PayloadOf<S>, jobId: string): Promise<void> {
    await this.queue(stage).add(stage, data, { jobId });
  }

  async addBulk<S extends Stage>(stage: S, items: EnqueueItem<S>[]): Promise<void> {
    for (let i = 0; i < items.length; i += 500) {
      const chunk = items.slice(i, i + 500);
      await this.queue(stage).addBulk(
        chunk.map((it) => ({ name: stage, data: it.data, opts: { jobId: it.jobId } })),
      );
    }
  }

  process<S extends Stage>(
    stage: S,
    handler: StageHandler<S>,
    opts: { concurrency: number; onLost?: (data: unknown, reason: string) => Promise<void> },
  ): void {
    const worker = new Worker(
      stage,
      async (job) => {
        try {
          return await handler(job.data as PayloadOf<S>, {
            id: job.id ?? '',
            stage,
            attempt: job.attemptsMade + 1,
            maxAttempts: job.opts.attempts ?? 1,
          });
        } catch (err) {
          // BullMQ's own signal for "do not retry": bad input stays failed at once.
          if (!isRetryable(err)) throw new UnrecoverableError(describeError(err));
          throw err;
        }
      },
      {
        connection: this.connection,
        prefix: this.opts.prefix,
        concurrency: Math.max(1, opts.concurrency),
        lockDuration: this.opts.lockDurationMs ?? 30_000,
        stalledInterval: this.opts.stalledIntervalMs ?? 30_000,
        // A busy event loop (a large PDF) can miss a lock renewal: allow a few stalls before giving up.
        maxStalledCount: 3,
      },
    );
    // A worker never dies of one page: connection and processing errors are logged, not thrown.
    worker.on('error', (err) => this.logConnectionOr(err, { stage }, 'worker error'));
    worker.on('failed', (job, err) => {
      this.logger.debug(
        {
          job: job?.id,
          stage,
          attempt: job?.attemptsMade,
          source: job?.data?.source,
          url: job?.data?.url,
          err: describeError(err),
        },
        'job failed',
      );
      // A job that stalled too often fails inside BullMQ, never reaching the handler's catch.
      if (job && STALLED_OUT.test(err.message)) {
        this.logger.error(
          { job: job.id, stage, source: job.data?.source, url: job.data?.url },
          'job lost: stalled too often',
        );
        opts
          .onLost?.(job.data, err.message)
          .catch((e) => this.logger.error({ err: describeError(e) }, 'could not record a lost job'));
      }
    });
    this.workers.push(worker);
  }

  async isIdle(): Promise<boolean> {
    for (const stage of STAGES) {
      const c = await this.queue(stage).getJobCounts(
        'waiting',
        'active',
        'delayed',
        'prioritized',
        'waiting-children',
      );
      if (Object.values(c).some((n) => n > 0)) return false;
    }
    return true;
  }

  async counts(): Promise<Record<Stage, StageCounts>> {
    const out = {} as Record<Stage, StageCounts>;
    for (const stage of STAGES) {
      const c = await this.queue(stage).getJobCounts(
        'waiting',
        'active',
        'delayed',
        'prioritized',
        'completed',
        'failed',
      );
      out[stage] = {
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        completed: c.completed ?? 0,
        failed: c.failed ?? 0,
      };
    }
    return out;
  }

  async running(limitPerStage = 100): Promise<RunningQueueJob[]> {
    const out: RunningQueueJob[] = [];
    for (const stage of STAGES) {
      const jobs = await this.queue(stage).getActive(0, limitPerStage - 1);
      for (const j of jobs)
        out.push({ id: j.id ?? '', stage, data: j.data, startedAt: j.processedOn ?? null });
    }
    return out;
  }

  async failed(stage: Stage, limit = 100): Promise<FailedJob[]> {
    const jobs = await this.queue(stage).getFailed(0, limit - 1);
    return jobs.map((j) => ({
      id: j.id ?? '',
      stage,
      data: j.data,
      reason: j.failedReason,
      attempts: j.attemptsMade,
      finishedAt: j.finishedOn ?? null,
    }));
  }

  /** Remove every key of this prefix's queues (tests, and `demo` against a shared Redis). */
  async obliterate(): Promise<void> {
    for (const stage of STAGES) await this.queue(stage).obliterate({ force: true });
  }

  async close(): Promise<void> {
    // Worker.close() waits for active jobs: this is the SIGTERM drain, bounded by drainMs. Past it
    // (a long document, or Redis down so that nothing can be acknowledged) the workers are closed
    // by force: the abandoned jobs keep their place in Redis and come back through stalled-job
    // recovery once their lock runs out, so nothing is lost by not waiting.
    // With Redis down nothing can be acknowledged, so there is nothing to wait for.
    const drainMs = this.connection.status === 'ready' ? (this.opts.drainMs ?? 10_000) : 0;
    const drained = drainMs > 0 && (await within(Promise.all(this.workers.map((w) => w.close())), drainMs));
    if (!drained && this.workers.length > 0) {
      this.logger.warn(
        { drainMs },
        drainMs > 0
          ? 'active jobs did not finish in time; closing workers by force'
          : 'redis unreachable; closing workers without waiting for active jobs',
      );
      await within(Promise.all(this.workers.map((w) => w.close(true))), 1_000);
    }
    const closed = await within(Promise.all([...this.queues.values()].map((q) => q.close())), 1_000);
    // quit() waits for Redis to answer; with Redis down it would wait for ever.
    if (closed && this.connection.status === 'ready')
      await within(
        this.connection.quit().catch(() => {}),
        1_000,
      );
    this.connection.disconnect();
  }
}

/** The tests' and tools' path: a client that connects by itself (no bounded wait), errors logged. */
function lazyConnection(url: string, logger: Logger): Redis {
  const client = new Redis(url, { ...REDIS_OPTIONS, lazyConnect: false });
  watchOutages(client, url, logger);
  return client;
}

/** Whether `p` settled within `ms` (its outcome is not needed; a rejection counts as settled). */
async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((r) => {
    timer = setTimeout(() => r(false), ms);
  });
  try {
    return await Promise.race([
      p.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
