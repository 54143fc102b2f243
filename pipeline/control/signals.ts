/**
 * Shutdown on Ctrl-C and SIGTERM, for every long-running command (crawl, demo, worker). The first
 * signal aborts `signal` so the command can wind down (mark its runs interrupted, let stored work
 * settle, close connections) and exit with the shell's code for it: 128 + signal number, 130 for
 * SIGINT, 143 for SIGTERM. A second signal means "now": the process exits at once with that code.
 * The only place that installs signal handlers; `dispose()` removes them (tests, in-process runs).
 */
import { constants } from 'node:os';

export type ShutdownSignalName = 'SIGINT' | 'SIGTERM';

/** 128 + the signal's number: what a shell reports for a process a signal ended. */
export function signalExitCode(sig: ShutdownSignalName): number {
  return 128 + constants.signals[sig];
}

export class ShutdownRequested extends Error {
  constructor(readonly signalName: ShutdownSignalName) {
    super(`${signalName} received`);
  }
}

export interface Shutdown {
  /** Aborted on the first signal; its reason is a ShutdownRequested. */
  readonly signal: AbortSignal;
  /** The first signal received, or null. */
  received(): ShutdownSignalName | null;
  /** The exit code the signal asks for (130, 143), or undefined when none came. */
  exitCode(): number | undefined;
  dispose(): void;
}

export interface ShutdownOptions {
  signals?: readonly ShutdownSignalName[];
  /** Called on the first signal (a line to say what happens now). */
  onFirst?: (sig: ShutdownSignalName) => void;
  /** What a second signal does; default: exit at once with the first signal's code. */
  onSecond?: (sig: ShutdownSignalName) => void;
  /** The process to listen on (tests pass an EventEmitter). */
  target?: Pick<NodeJS.Process, 'on' | 'off'>;
}

export function onShutdownSignals(opts: ShutdownOptions = {}): Shutdown {
  const target = opts.target ?? process;
  const controller = new AbortController();
  let first: ShutdownSignalName | null = null;
  const handlers = new Map<ShutdownSignalName, () => void>();
  for (const sig of opts.signals ?? (['SIGINT', 'SIGTERM'] as const)) {
    const h = () => {
      if (first === null) {
        first = sig;
        opts.onFirst?.(sig);
        controller.abort(new ShutdownRequested(sig));
        return;
      }
      if (opts.onSecond) opts.onSecond(sig);
      else process.exit(signalExitCode(first));
    };
    handlers.set(sig, h);
    target.on(sig, h);
  }
  return {
    signal: controller.signal,
    received: () => first,
    exitCode: () => (first ? signalExitCode(first) : undefined),
    dispose() {
      for (const [sig, h] of handlers) target.off(sig, h);
      handlers.clear();
    },
  };
}
