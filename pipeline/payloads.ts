/**
 * Job payloads of the four stages, declared once with zod. Payloads carry ids, URLs and hashes,
 * never document bodies or secrets, so a job stays small in Redis and safe to show in the dashboard.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const STAGES = ['discover', 'fetch', 'extract', 'ocr', 'load'] as const;
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;

/** Page meta found on a detail page, handed down to its attachments' extraction. */
export const PageHints = z.object({
  title: z.string().nullable().optional(),
  agency: z.string().nullable().optional(),
  publishedOn: z.string().nullable().optional(),
  indexNo: z.string().nullable().optional(),
  year: z.number().int().nullable().optional(),
});
export type PageHints = z.infer<typeof PageHints>;

/** Every job belongs to a source and (once it is opened) to a crawl run, which counts its outcome. */
const StageJob = z.object({
  runId: z.number().int().nullable(),
  source: z.string().min(1),
});
const DocumentJob = StageJob.extend({ documentId: z.number().int().positive() });

/** One list of a source (an agency's list or a column), as the directory resolved it. */
export const ListTarget = z.object({
  url: z.url(),
  agency: z.string().nullable().default(null),
});
export type ListTarget = z.infer<typeof ListTarget>;

/**
 * Discovery is two kinds of job on the discover queue: without `list`, the source's job resolves
 * its directory into one job per list (and sweeps up refs an earlier crawl left unfetched); with
 * `list`, a job walks that one list and hands off fetches page by page. Several workers share
 * the lists of one source that way.
 */
export const DiscoverPayload = StageJob.extend({
  full: z.boolean().default(false),
  list: ListTarget.nullable().default(null),
});
export type DiscoverPayload = z.infer<typeof DiscoverPayload>;

/** One page to fetch: its URL and what the list said about it. */
const FetchTarget = z.object({
  url: z.url(),
  parentUrl: z.string().nullable().default(null),
  kind: z.string().default('detail'),
  hints: PageHints.default({}),
});

export const FetchPayload = StageJob.extend({
  ...FetchTarget.shape,
  /** Re-fetch even when the URL is already stored (full crawls, `retry --failed-fetches`). */
  force: z.boolean().default(false),
  /**
   * More pages of the same list page, fetched in this job (each as if it were a job of its own:
   * its own time limit, and on failure a fetch job of its own with the stage's retries). Only pages
   * this list page's walk recorded first, so no other job names them (see stages/discover.ts).
   */
  more: z.array(FetchTarget).optional(),
});
export type FetchPayload = z.infer<typeof FetchPayload>;

/** The pages of a fetch job, each as a one-page payload. */
export function fetchTargets(p: FetchPayload): FetchPayload[] {
  if (!p.more?.length) return [p];
  const { more, ...first } = p;
  return [first, ...more.map((t) => ({ runId: p.runId, source: p.source, force: p.force, ...t }))];
}

export const ExtractPayload = DocumentJob.extend({
  /**
   * The URL the bytes were fetched from. Documents are stored once per sha256, so two URLs
   * (two agencies' pages linking the same file) share a document yet are two reports.
   */
  url: z.string().min(1),
  parentUrl: z.string().nullable().default(null),
  hints: PageHints.default({}),
});
export type ExtractPayload = z.infer<typeof ExtractPayload>;

/** A scan the extract stage handed on (input.image_only): same fields, its own queue and limits. */
export const OcrPayload = ExtractPayload;
export type OcrPayload = ExtractPayload;

export const LoadPayload = DocumentJob.extend({
  /** Row id of the stored extraction result (pipeline_extractions): the record travels by reference. */
  extractionId: z.number().int().positive(),
  /** The report's source URL (see ExtractPayload.url). */
  url: z.string().min(1),
});
export type LoadPayload = z.infer<typeof LoadPayload>;

export const PAYLOADS = {
  discover: DiscoverPayload,
  fetch: FetchPayload,
  extract: ExtractPayload,
  ocr: OcrPayload,
  load: LoadPayload,
} as const;

export type PayloadOf<S extends Stage> = z.infer<(typeof PAYLOADS)[S]>;
export type PayloadInput<S extends Stage> = z.input<(typeof PAYLOADS)[S]>;

/** A follow-up job a stage asks the runner to enqueue. */
export type NextJob = { [S in Stage]: { stage: S; data: PayloadOf<S>; jobId: string } }[Stage];

export function parsePayload<S extends Stage>(stage: S, data: unknown): PayloadOf<S> {
  return PAYLOADS[stage].parse(data) as PayloadOf<S>;
}

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/*
 * Deterministic job ids make a re-run add nothing twice. BullMQ forbids ':' in custom ids,
 * so the parts are joined with '.' (URLs are hashed; versions keep their dots harmlessly).
 */
export const jobIds = {
  discover: (source: string, runId: number | null) => `discover.${sha1(source)}.${runId ?? 'adhoc'}`,
  /** A list's walk, once per run (an incremental crawl's next run walks it again). */
  list: (source: string, runId: number, listUrl: string) =>
    `discover.${sha1(source)}.${runId}.${sha1(listUrl).slice(0, 16)}`,
  /** A full crawl re-fetches what an earlier run already fetched, so its ids are scoped to the run. */
  fetch: (url: string, scope?: string | number) =>
    scope === undefined ? `fetch.${sha1(url)}` : `fetch.${sha1(url)}.${scope}`,
  /** A fetch payload's own id: a forced fetch (full crawl, retry) is scoped to its run. */
  fetchOf: (p: Pick<FetchPayload, 'url' | 'force' | 'runId'>) =>
    jobIds.fetch(p.url, p.force ? `r${p.runId ?? 'adhoc'}` : undefined),
  /** Several pages of one list page in one job (FetchPayload.more): named by all of them. */
  fetchBatch: (urls: readonly string[], scope?: string | number) =>
    `fetch.b${urls.length}.${sha1(urls.join('\n'))}${scope === undefined ? '' : `.${scope}`}`,
  extract: (documentId: number, extractorVersion: string, url: string) =>
    `extract.${documentId}.${sha1(url).slice(0, 16)}.${extractorVersion}`,
  ocr: (documentId: number, extractorVersion: string, url: string) =>
    `ocr.${documentId}.${sha1(url).slice(0, 16)}.${extractorVersion}`,
  load: (extractionId: number) => `load.${extractionId}`,
};
