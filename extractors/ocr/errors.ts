import { NonRetryableError, RetryableError } from '../../config/errors.ts';

/** The OCR engine or renderer is not installed, or broke: the operator must act; the job may be retried after. */
export class OcrEngineError extends RetryableError {}

/** This input cannot be read as images (a corrupt image, a PDF the renderer rejects, over the caps). */
export class OcrInputError extends NonRetryableError {}
