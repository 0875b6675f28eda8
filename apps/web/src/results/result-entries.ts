import type { ResultMeta } from '../api/types';
import type { JobState } from '../jobs/job-state';
import { layoutOf, type ResultLayout } from './result-image';

// The results of a job as the viewers show them: listed by the host or streamed, with or
// without values yet. Pure.

export interface ResultEntry {
  name: string;
  shape: number[];
  kind?: ResultMeta['kind'];
  data: Float32Array | null;
  final: boolean;
  layout: ResultLayout;
}

export function resultEntries(job: JobState | null, navShape: number[], sigShape: number[]): ResultEntry[] {
  if (!job) return [];
  return job.names.flatMap((name) => {
    const result = job.results[name];
    const meta = job.meta.find((m) => m.name === name);
    const shape = result?.shape ?? meta?.shape;
    if (!shape) return [];
    const kind = result?.kind ?? meta?.kind;
    return [{ name, shape, kind, data: result?.data ?? null, final: result?.final ?? false, layout: layoutOf(shape, navShape, sigShape, kind) }];
  });
}

export function isNavImage(entry: ResultEntry | undefined): boolean {
  return entry?.layout.kind === 'image' && entry.layout.role === 'nav';
}
