import { NonRetryableError, RetryableError } from '../../config/errors.ts';

/** The OCR engine or renderer is not installed, or broke: the operator must act; the job may be retried after. */
export class OcrEngineError extends RetryableError {}

/** This input cannot be read as images (a corrupt image, a PDF the renderer rejects, over the caps). */
export class OcrInputError extends NonRetryableError {}

/**
 * What a process says when it gets no memory under its cap: V8's OOM, ONNX Runtime's bad_alloc, and
 * the dynamic loader's "cannot map zero-fill pages" when a library's pages do not fit (the cap, not
 * a missing install).
 */
export const OUT_OF_MEMORY = /alloc|memory|OOM|cannot map|failed to map/i;

/** Signals an engine dies of on its own bug with one input, never of the caps. */
export const ENGINE_BUG_SIGNALS: ReadonlySet<string> = new Set(['SIGFPE', 'SIGILL']);

/**
 * The engine process ended on a signal of its own making. SIGFPE and SIGILL are the engine's bug
 * on one input (Tesseract 5 divides by zero on some ordinary crops), not the caps: a batch that
 * dies of them is worth splitting to find the one image, where a memory or time failure is not.
 */
export class OcrProcessError extends OcrInputError {
  constructor(
    code: string,
    message: string,
    readonly signal: NodeJS.Signals | null,
  ) {
    super(code, message);
  }

  get engineBug(): boolean {
    return this.signal !== null && ENGINE_BUG_SIGNALS.has(this.signal);
  }
}
