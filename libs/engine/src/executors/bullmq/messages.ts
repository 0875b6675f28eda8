import type { ErrorCode, Partition } from '@stemflow/plugin-sdk';

/** The data of one BullMQ job: one partition of one run. */
export interface PartitionJobData {
  runId: string;
  /** Redis key of the encoded JobSpec (stored once per run, not per partition). */
  specKey: string;
  /** The host's inbox list. */
  replyTo: string;
  partition: Partition;
}

/** What a worker pushes to a host's inbox (a `result` carries the encoded partition result as its body). */
export type InboxMessage =
  | { type: 'frames'; runId: string; index: number; /** Cumulative within this attempt. */ frames: number }
  | { type: 'result'; runId: string; index: number; workerId: string; /** Frames of this attempt in all. */ frames: number }
  | { type: 'error'; runId: string; index: number; code: ErrorCode; message: string };

/** A worker's heartbeat record. */
export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  cores: number;
  concurrency: number;
  version: string;
  plugins: { id: string; version?: string }[];
  startedAt: string;
  seenAt: string;
}
