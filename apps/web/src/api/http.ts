import { toProblem, type Problem } from './problem';
import { getToken } from './token';
import { apiPath } from './urls';

/** A failed request, with the host's problem details when it sent any. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly problem?: Problem,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function messageFor(status: number, problem: Problem | undefined, fallback: string): string {
  if (status === 401 || status === 403) {
    const why = problem?.detail ?? 'the access token is missing or wrong';
    return `Not authorised (${why}). Open Stemflow with the link that \`stemflow serve\` printed; it ends in ?token=…`;
  }
  return problem?.detail ?? problem?.title ?? fallback;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** fetch() against the host API with the token and JSON handling; throws ApiError. */
export async function request<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: { query?: Record<string, string | undefined>; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(apiPath(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError('Cannot reach the Stemflow server. Is `stemflow serve` still running?', 0);
  }

  const body = await readBody(response);
  if (!response.ok) {
    const problem = toProblem(body);
    const fallback = `${method} ${path} failed with HTTP ${response.status}${typeof body === 'string' && body ? `: ${body}` : ''}`;
    throw new ApiError(messageFor(response.status, problem, fallback), response.status, problem);
  }
  return body as T;
}

/** Fetches a binary file of the host API (e.g. a result .npy). */
export async function requestBinary(path: string, signal?: AbortSignal): Promise<ArrayBuffer> {
  const token = getToken();
  const response = await fetch(apiPath(path), {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    signal,
  });
  if (!response.ok) {
    const problem = toProblem(await readBody(response));
    throw new ApiError(messageFor(response.status, problem, `GET ${path} failed with HTTP ${response.status}`), response.status, problem);
  }
  return response.arrayBuffer();
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
