import type { FieldPath } from '../analysis/overlay';

// Edits of the form data made on the frame, as (path, value) pairs. Pure.

export type FieldPatch = readonly { path: FieldPath; value: unknown }[];

type Container = Record<string, unknown> | unknown[];

function setIn(data: unknown, path: FieldPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy: Container = Array.isArray(data) ? [...data] : typeof data === 'object' && data !== null ? { ...(data as Record<string, unknown>) } : typeof head === 'number' ? [] : {};
  const record = copy as Record<string | number, unknown>;
  record[head!] = setIn(record[head!], rest, value);
  return copy;
}

/** The form data with every field of the patch set, copied along the changed paths only. */
export function applyPatch<T extends Record<string, unknown>>(data: T, patch: FieldPatch): T {
  return patch.reduce<unknown>((d, { path, value }) => setIn(d, path, value), data) as T;
}

/** Rounds a dragged length or coordinate to 0.1 px: finer than a pixel, short in the form. */
export const tenth = (v: number): number => Math.round(v * 10) / 10;
