/**
 * StageDeps for tests of one stage or of the runner: a store that records every call made on it
 * (and answers from `answers`, else null), and every other port failing loudly if a test reaches it.
 */
import { silentLogger } from '../../config/logger.ts';
import type { PipelineStore, StageDeps } from '../../pipeline/ports.ts';

export interface RecordingStore {
  /** Each call as `name` or, with `withArgs`, as `name(arg, …)` (objects as JSON). */
  calls: string[];
  /** A method's answer: a value, or a function of the call's arguments (to keep what was passed). */
  answers?: Record<string, unknown>;
  withArgs?: boolean;
}

export function recordingStore({ calls, answers = {}, withArgs = false }: RecordingStore): PipelineStore {
  return new Proxy({} as PipelineStore, {
    get:
      (_t, name: string) =>
      async (...args: unknown[]) => {
        calls.push(
          withArgs
            ? `${name}(${args.map((a) => (typeof a === 'object' ? JSON.stringify(a) : String(a))).join(', ')})`
            : name,
        );
        const answer = answers[name];
        return (typeof answer === 'function' ? answer(...args) : answer) ?? null;
      },
  });
}

const unused = () => {
  throw new Error('not used by this test');
};

export function stageDeps(store: PipelineStore, ports: Partial<StageDeps> = {}): StageDeps {
  return {
    store,
    logger: silentLogger,
    extractorVersion: 'test',
    rejectShapes: [],
    source: unused,
    lists: unused,
    walkList: unused,
    fetch: unused,
    findAttachments: unused,
    findPageImages: unused,
    extractPageMeta: unused,
    extractBytes: unused,
    ocrBytes: unused,
    ...ports,
  };
}
