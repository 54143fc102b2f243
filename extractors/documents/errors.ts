import { NonRetryableError } from '../../config/errors.ts';

export type DocumentErrorCode =
  | 'input.unsupported'
  | 'input.image_only'
  | 'input.too_large'
  | 'input.timeout'
  | 'document.corrupt';

/**
 * A document that cannot be turned into text: wrong kind (`input.unsupported`), pictures of text
 * that need OCR (`input.image_only`), over a size, page or memory cap (`input.too_large`), over the
 * time cap (`input.timeout`) or broken bytes (`document.corrupt`).
 */
export class DocumentError extends NonRetryableError {
  constructor(code: DocumentErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}

/**
 * Run a parser with a deadline so a pathological file fails the job instead of holding a worker.
 * It only bounds asynchronous work: a parser stuck in a synchronous loop cannot be interrupted in-process.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DocumentError('document.corrupt', `${what}: gave up after ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Wrap a parser failure, keeping its message (which is usually the only clue to what is wrong). */
export function corrupt(what: string, cause: unknown): DocumentError {
  if (cause instanceof DocumentError) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new DocumentError('document.corrupt', `${what}: cannot read the file (${reason})`, { cause });
}
