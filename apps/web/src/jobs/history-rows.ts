import type { DatasetRecord, JobRecord } from '../api/jobs-api';
import type { JobStatus } from '../api/types';
import { isTerminal } from './job-state';

// The job history as the table shows it: titles, file names, times and durations. Pure.

export interface HistoryRow {
  id: string;
  analysisId: string;
  title: string;
  datasetId: string;
  fileName: string;
  status: JobStatus;
  /** When the job started (or was queued, if it never started), for display. */
  started: string;
  duration: string;
  error?: string;
}

/** The last part of a path, whichever separator the host uses. */
export function fileNameOf(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** "850 ms", "12.3 s", "4 min 05 s", "2 h 03 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
}

function durationOf(job: JobRecord, now: number): string {
  if (!job.startedAt) return isTerminal(job.status) ? '' : 'waiting';
  const start = Date.parse(job.startedAt);
  const end = job.finishedAt ? Date.parse(job.finishedAt) : isTerminal(job.status) ? NaN : now;
  return formatDuration(end - start);
}

/** Rows of the history table, newest first, with names looked up where the host knows them. */
export function historyRows(jobs: JobRecord[], datasets: ReadonlyMap<string, DatasetRecord>, titles: ReadonlyMap<string, string>, now: number): HistoryRow[] {
  const sorted = [...jobs].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  return sorted.map((job) => {
    const dataset = datasets.get(job.datasetId);
    const started = job.startedAt ?? job.createdAt;
    return {
      id: job.id,
      analysisId: job.analysisId,
      title: titles.get(job.analysisId) ?? job.analysisId,
      datasetId: job.datasetId,
      fileName: dataset ? fileNameOf(dataset.path) : job.datasetId,
      status: job.status,
      started: started ? new Date(started).toLocaleString() : '',
      duration: durationOf(job, now),
      ...(job.error ? { error: job.error } : {}),
    };
  });
}
