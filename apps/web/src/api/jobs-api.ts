import { request } from './http';
import type { Dataset, Job, PluginInfo } from './types';
import { tokenUrl } from './urls';

// Host calls of the job history (list, re-run, delete a record) and the URLs of job files.
// Kept apart from client.ts so the history grows without touching the core client.

const enc = encodeURIComponent;

/** A job as GET /api/jobs lists it: the snapshot plus its timings (ISO strings). */
export interface JobRecord extends Job {
  pluginVersion?: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  framesDone?: number;
  framesTotal?: number;
  roi?: boolean;
}

/** A data set as GET /api/datasets lists it (every one opened, remembered by the host). */
export interface DatasetRecord extends Dataset {
  size?: number;
  createdAt?: string;
}

/** What POST /api/jobs/:id/rerun answers: the new job, and why it may differ from the old one. */
export interface RerunAnswer {
  id: string;
  warning?: string;
}

/** File formats the host serves for each result. */
export type ResultFileFormat = 'npy' | 'tiff' | 'png' | 'h5';

export const jobsApi = {
  /** Every job the host remembers, newest first. */
  list: (signal?: AbortSignal) => request<JobRecord[]>('GET', 'jobs', { signal }),

  datasets: (signal?: AbortSignal) => request<DatasetRecord[]>('GET', 'datasets', { signal }),

  /** Installed analyses (for their titles); without a data set the defaults are generic. */
  analyses: (signal?: AbortSignal) => request<PluginInfo[]>('GET', 'plugins', { signal }),

  rerun: (id: string) => request<RerunAnswer>('POST', `jobs/${enc(id)}/rerun`),

  /** Forgets a finished job and its result files (the host answers 409 while it runs). */
  deleteRecord: (id: string) => request<unknown>('DELETE', `jobs/${enc(id)}/record`),
};

/** Download URL of a file of a job's results (`<name>.npy`, `all.h5`, `provenance.json`…), token included. */
export function jobFileUrl(jobId: string, file: string): string {
  return tokenUrl(`jobs/${enc(jobId)}/results/${enc(file)}`);
}

/** Download URL of one result in one format. */
export function resultDownloadUrl(jobId: string, name: string, format: ResultFileFormat): string {
  return jobFileUrl(jobId, `${name}.${format}`);
}
