/**
 * The closed set of error codes; the host maps each to an HTTP status (`PARAMS_INVALID` → 400,
 * `NOT_FOUND` → 404, `KERNEL_FAILED` → 500, …).
 *
 * @example
 * ```ts
 * import { isStemflowError, type ErrorCode } from '@stemflow/plugin-sdk';
 *
 * function codeOf(error: unknown): ErrorCode {
 *   return isStemflowError(error) ? error.code : 'INTERNAL';
 * }
 * ```
 */
export type ErrorCode =
  | 'PARAMS_INVALID'
  | 'FORMAT_UNKNOWN'
  | 'FILE_CORRUPT'
  | 'SHAPE_MISMATCH'
  | 'KERNEL_FAILED'
  | 'PLUGIN_INVALID'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'CANCELLED'
  | 'UNAUTHORIZED'
  | 'INTERNAL';

/**
 * One problem in user input, located by a JSON pointer into the submitted document; the web
 * form shows `message` under that field. Say what is wrong and how to fix it.
 *
 * @example
 * ```ts
 * import type { FieldError } from '@stemflow/plugin-sdk';
 *
 * function check(p: { ri: number; ro: number }): FieldError[] {
 *   return p.ri < p.ro ? [] : [{ path: '/ri', message: `inner radius ${p.ri} must be below the outer radius ${p.ro}: lower ri` }];
 * }
 * ```
 */
export interface FieldError {
  /** JSON pointer of the field, e.g. `/ri` or `/masks/2/r`; `/` for the document as a whole. */
  path: string;
  /** What is wrong with the field and how to fix it. */
  message: string;
}

/**
 * The one error type of Stemflow. Messages say what is wrong and how to fix it;
 * `cause` keeps the original error. Throw it from a plugin for input the schema and `check`
 * could not catch; any other error a UDF throws becomes `KERNEL_FAILED`.
 *
 * @example
 * ```ts
 * import { StemflowError } from '@stemflow/plugin-sdk';
 *
 * if (dataset.sigShape.length !== 2) {
 *   throw new StemflowError('SHAPE_MISMATCH', `this analysis needs 2-D frames, got [${dataset.sigShape.join(', ')}]`, {
 *     errors: [{ path: '/', message: 'open a data set with 2-D frames' }],
 *   });
 * }
 * ```
 */
export class StemflowError extends Error {
  /** What kind of failure this is; decides the HTTP status. */
  readonly code: ErrorCode;
  /** The field errors behind a `PARAMS_INVALID` (or another input error), one per field. */
  readonly errors?: FieldError[];

  /** An error with `code` and a message that says how to fix it; `options.cause` keeps the original error. */
  constructor(code: ErrorCode, message: string, options: { cause?: unknown; errors?: FieldError[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StemflowError';
    this.code = code;
    if (options.errors) this.errors = options.errors;
  }

  /** A plain object that survives structured clone (worker threads) and JSON. */
  toJSON(): { code: ErrorCode; message: string; errors?: FieldError[] } {
    return { code: this.code, message: this.message, ...(this.errors ? { errors: this.errors } : {}) };
  }

  /** The error again from `toJSON()` output (e.g. a failure reported by a worker thread). */
  static fromJSON(data: { code: ErrorCode; message: string; errors?: FieldError[] }): StemflowError {
    return new StemflowError(data.code, data.message, data.errors ? { errors: data.errors } : {});
  }
}

/**
 * Whether `error` is a `StemflowError` (so it has a `code` and maybe field `errors`).
 *
 * @example
 * ```ts
 * import { isStemflowError, resolveParams } from '@stemflow/plugin-sdk';
 *
 * try {
 *   resolveParams(plugin, { r: -1 });
 * } catch (error) {
 *   if (isStemflowError(error) && error.code === 'PARAMS_INVALID') console.log(error.errors);
 *   else throw error;
 * }
 * ```
 */
export function isStemflowError(error: unknown): error is StemflowError {
  return error instanceof StemflowError;
}

/**
 * Formats 1048576 as "1,048,576" for messages about byte counts.
 *
 * @example
 * ```ts
 * import { formatCount, StemflowError } from '@stemflow/plugin-sdk';
 *
 * const bytes = 3 * 2 ** 30;
 * const error = new StemflowError('PARAMS_INVALID', `the result would take ${formatCount(bytes)} bytes: choose fewer bins`);
 * ```
 */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
