import { NonRetryableError } from '../config/errors.ts';

/** `input.image_only`: a scan or a picture (image file, PDF pages without text): the OCR path reads it. */
export type ExtractInputCode =
  | 'input.unsupported'
  | 'input.undecodable'
  | 'input.empty'
  | 'input.image_only'
  | 'input.too_large'
  | 'input.timeout';

/** Input the extractor cannot read at all (not a report with problems: that is a `failed` record). */
export class ExtractInputError extends NonRetryableError {
  constructor(code: ExtractInputCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}
