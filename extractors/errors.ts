import { NonRetryableError } from '../config/errors.ts';

export type ExtractInputCode = 'input.unsupported' | 'input.undecodable' | 'input.empty';

/** Input the extractor cannot read at all (not a report with problems: that is a `failed` record). */
export class ExtractInputError extends NonRetryableError {
  constructor(code: ExtractInputCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}
