/** The closed set of error codes; the host maps each to an HTTP status. */
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

/** One problem in user input, located by a JSON pointer into the submitted document. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * The one error type of Stemflow. Messages say what is wrong and how to fix it;
 * `cause` keeps the original error.
 */
export class StemflowError extends Error {
  readonly code: ErrorCode;
  readonly errors?: FieldError[];

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

  static fromJSON(data: { code: ErrorCode; message: string; errors?: FieldError[] }): StemflowError {
    return new StemflowError(data.code, data.message, data.errors ? { errors: data.errors } : {});
  }
}

export function isStemflowError(error: unknown): error is StemflowError {
  return error instanceof StemflowError;
}

/** Formats 1048576 as "1,048,576" for messages about byte counts. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
