import { Injectable } from '@nestjs/common';
import { StemflowError } from '@stemflow/plugin-sdk';
import { DatabaseService, now } from '../common/database.service';
import type { ResultInfo } from '../results/result-store.service';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

export const FINISHED: readonly JobStatus[] = ['done', 'failed', 'cancelled', 'interrupted'];

/** A job as the API shows it. */
export interface JobView {
  id: string;
  datasetId: string;
  analysisId: string;
  pluginVersion: string;
  params: Record<string, unknown>;
  status: JobStatus;
  /** 0..1 */
  progress: number;
  results: ResultInfo[];
  error?: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** While running: frames processed and to process. */
  framesDone?: number;
  framesTotal?: number;
  /** Whether the job was limited to a region of interest. */
  roi?: boolean;
}

interface JobRow {
  id: string;
  dataset_id: string;
  analysis_id: string;
  plugin_version: string;
  params: string;
  roi: Buffer | null;
  status: JobStatus;
  progress: number;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  results: string | null;
}

export interface NewJob {
  id: string;
  datasetId: string;
  analysisId: string;
  pluginVersion: string;
  params: Record<string, unknown>;
  roi?: Uint8Array;
}

/** The jobs table: parameters, status, timings, errors and the index of result files. */
@Injectable()
export class JobsRepository {
  constructor(private readonly store: DatabaseService) {}

  insert(job: NewJob): void {
    this.store.db
      .prepare(
        `INSERT INTO jobs (id, dataset_id, analysis_id, plugin_version, params, roi, status, progress, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?)`,
      )
      .run(job.id, job.datasetId, job.analysisId, job.pluginVersion, JSON.stringify(job.params), job.roi ? Buffer.from(job.roi) : null, now());
  }

  get(id: string): JobView {
    const row = this.store.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!row) throw new StemflowError('NOT_FOUND', `no job with id "${id}"`);
    return toView(row);
  }

  /** Newest first. */
  list(): JobView[] {
    return (this.store.db.prepare('SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC').all() as JobRow[]).map(toView);
  }

  /** The stored region of interest of a job (one byte per scan position), if it has one. */
  roiOf(id: string): Uint8Array | undefined {
    const row = this.store.db.prepare('SELECT roi FROM jobs WHERE id = ?').get(id) as { roi: Buffer | null } | undefined;
    return row?.roi ? new Uint8Array(row.roi) : undefined;
  }

  /** Size and modification time of a data set's file when it was opened. */
  datasetFingerprint(datasetId: string): { size: number; mtime: string } | undefined {
    const row = this.store.db.prepare('SELECT size, mtime FROM datasets WHERE id = ?').get(datasetId) as { size: number; mtime: number } | undefined;
    return row ? { size: row.size, mtime: new Date(row.mtime).toISOString() } : undefined;
  }

  /** Remove a job's row; returns false if there was none. */
  delete(id: string): boolean {
    return this.store.db.prepare('DELETE FROM jobs WHERE id = ?').run(id).changes > 0;
  }

  markRunning(id: string): void {
    this.store.db.prepare("UPDATE jobs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'").run(now(), id);
  }

  setProgress(id: string, progress: number): void {
    this.store.db.prepare("UPDATE jobs SET progress = ? WHERE id = ? AND status = 'running'").run(progress, id);
  }

  /** Final state of a job that has not finished yet; returns false if it already had one. */
  finish(id: string, status: Exclude<JobStatus, 'queued' | 'running'>, extra: { error?: string; results?: ResultInfo[]; progress?: number } = {}): boolean {
    const info = this.store.db
      .prepare(
        `UPDATE jobs SET status = ?, error = ?, results = COALESCE(?, results), progress = COALESCE(?, progress), finished_at = ?
         WHERE id = ? AND status IN ('queued', 'running')`,
      )
      .run(status, extra.error ?? null, extra.results ? JSON.stringify(extra.results) : null, extra.progress ?? null, now(), id);
    return info.changes > 0;
  }

  /** Jobs a previous process left queued or running can never finish: mark them interrupted. */
  interruptLeftovers(): number {
    return this.store.db
      .prepare(
        `UPDATE jobs SET status = 'interrupted', finished_at = COALESCE(finished_at, ?),
           error = COALESCE(error, 'the server stopped before the job finished; run it again')
         WHERE status IN ('queued', 'running')`,
      )
      .run(now()).changes;
  }
}

function toView(row: JobRow): JobView {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    analysisId: row.analysis_id,
    pluginVersion: row.plugin_version,
    params: JSON.parse(row.params) as Record<string, unknown>,
    status: row.status,
    progress: row.progress,
    results: row.results ? (JSON.parse(row.results) as ResultInfo[]) : [],
    ...(row.error ? { error: row.error } : {}),
    createdAt: row.created_at,
    ...(row.started_at ? { startedAt: row.started_at } : {}),
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    ...(row.roi ? { roi: true } : {}),
  };
}
