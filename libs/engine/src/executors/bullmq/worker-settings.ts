import type { PluginRef } from '../../plugins/load';

/** How a worker process and its threads run partitions (plain data: goes to threads as workerData). */
export interface WorkerSettings {
  redis: string;
  prefix: string;
  /** Partition threads in this process. */
  concurrency: number;
  plugins: PluginRef[];
  /** A running partition's lock lasts this long; a dead worker's partition is retried after it (ms). */
  lockDuration: number;
  /** How often live workers look for partitions of dead workers (ms). */
  stalledInterval: number;
  /** A partition that stalls more often than this fails the job. */
  maxStalledCount: number;
}

export const DEFAULT_WORKER_SETTINGS = { lockDuration: 60_000, stalledInterval: 15_000, maxStalledCount: 3 };
