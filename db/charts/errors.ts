import { NonRetryableError } from '../../config/errors.ts';

/** Bad chart request (unknown or ambiguous agency, unknown format). */
export class ChartInputError extends NonRetryableError {}
