import { request, requestBinary } from './http';
import { roiForJob } from '../viewer/roi-store';
import type { Config, Dataset, FileListing, Job, OpenDatasetRequest, PluginInfo } from './types';

// One function per endpoint of the host API.

const enc = encodeURIComponent;

export const api = {
  config: (signal?: AbortSignal) => request<Config>('GET', 'config', { signal }),

  files: (path: string | null, signal?: AbortSignal) =>
    request<FileListing>('GET', 'files', { query: { path: path ?? undefined }, signal }),

  openDataset: (body: OpenDatasetRequest) => request<Dataset>('POST', 'datasets', { body }),

  plugins: (datasetId: string, signal?: AbortSignal) =>
    request<PluginInfo[]>('GET', 'plugins', { query: { datasetId }, signal }),

  /** Carries the ROI drawn on the scan viewer, if any. */
  startJob: (datasetId: string, analysisId: string, params: unknown) =>
    request<{ id: string }>('POST', 'jobs', { body: { datasetId, analysisId, params, ...roiForJob(datasetId) } }),

  job: (id: string, signal?: AbortSignal) => request<Job>('GET', `jobs/${enc(id)}`, { signal }),

  cancelJob: (id: string) => request<unknown>('DELETE', `jobs/${enc(id)}`),

  resultNpy: (jobId: string, name: string, signal?: AbortSignal) =>
    requestBinary(`jobs/${enc(jobId)}/results/${enc(name)}.npy`, signal),
};
