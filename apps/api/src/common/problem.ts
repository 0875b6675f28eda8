import type { ServerResponse } from 'node:http';
import type { ErrorCode, FieldError } from '@stemflow/plugin-sdk';

/** An RFC 9457 problem document, with Stemflow's error code and field errors as extensions. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode | string;
  errors?: FieldError[];
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  PARAMS_INVALID: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  FORMAT_UNKNOWN: 422,
  FILE_CORRUPT: 422,
  SHAPE_MISMATCH: 422,
};

const TITLES: Record<string, string> = {
  PARAMS_INVALID: 'Invalid parameters',
  UNAUTHORIZED: 'Missing or wrong token',
  FORBIDDEN: 'Forbidden',
  NOT_FOUND: 'Not found',
  FORMAT_UNKNOWN: 'Unknown data format',
  FILE_CORRUPT: 'Corrupt file',
  SHAPE_MISMATCH: 'Shape mismatch',
  KERNEL_FAILED: 'Analysis failed',
  PLUGIN_INVALID: 'Invalid plugin',
  CANCELLED: 'Cancelled',
  INTERNAL: 'Internal error',
};

/** Codes for plain HTTP statuses (a Nest HttpException, a body-parser error). */
const CODES_BY_STATUS: Record<number, string> = {
  400: 'PARAMS_INVALID',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
};

export function statusForCode(code: string): number {
  return STATUS[code as ErrorCode] ?? 500;
}

export function codeForStatus(status: number): string {
  return CODES_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'HTTP_ERROR');
}

export function problem(status: number, code: string, detail: string, errors?: FieldError[]): Problem {
  return {
    type: `urn:stemflow:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[code] ?? titleForStatus(status),
    status,
    detail,
    code,
    ...(errors ? { errors } : {}),
  };
}

function titleForStatus(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad request',
    405: 'Method not allowed',
    409: 'Conflict',
    413: 'Payload too large',
    415: 'Unsupported media type',
  };
  return titles[status] ?? (status >= 500 ? 'Internal error' : 'Request failed');
}

/** Write a problem+json response on a plain Node response (for middleware outside Nest's routing). */
export function sendProblem(res: ServerResponse, body: Problem): void {
  const json = JSON.stringify(body);
  res.statusCode = body.status;
  res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}
