import { getToken } from './token';

// Every URL of the host API is built here. They are resolved against the page so that the
// app works wherever the host serves it (at `/` by default).

function apiUrl(path: string, query: Record<string, string | undefined> = {}): URL {
  const url = new URL(`api/${path}`, document.baseURI);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  return url;
}

/** URL for `fetch` (the token travels in the Authorization header). */
export function apiPath(path: string, query?: Record<string, string | undefined>): string {
  return apiUrl(path, query).toString();
}

/**
 * URL for elements that cannot send headers (<img>, download links): the token rides in
 * the query string, which the host accepts on every request.
 */
export function tokenUrl(path: string, query: Record<string, string | undefined> = {}): string {
  return apiUrl(path, { ...query, token: getToken() ?? undefined }).toString();
}

export function frameImageUrl(datasetId: string, index: number, scale: 'log' | 'linear'): string {
  return tokenUrl(`datasets/${encodeURIComponent(datasetId)}/frames/${index}.png`, { scale });
}

export function resultFileUrl(jobId: string, name: string, ext: 'png' | 'npy'): string {
  return tokenUrl(`jobs/${encodeURIComponent(jobId)}/results/${encodeURIComponent(name)}.${ext}`);
}

export function eventsUrl(): string {
  const url = apiUrl('events', { token: getToken() ?? undefined });
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
