import type { ErrorCode, Partition, PartitionResult } from '@stemflow/plugin-sdk';
import type { JobSpec } from './executor';

/** Messages between the thread pool and its workers. */
export interface TaskMessage {
  type: 'task';
  taskId: number;
  spec: JobSpec;
  partition: Partition;
  /** Shared flag: non-zero asks the worker to stop between tiles. */
  cancel: Int32Array;
  /** Send the result encoded for the wire (bullmq/result-codec) instead of as arrays. */
  encode?: boolean;
}

export type WorkerMessage =
  /** Sent once the worker's modules are loaded (terminating a thread mid-load can abort the process). */
  | { type: 'loaded' }
  | { type: 'frames'; taskId: number; frames: number }
  | { type: 'result'; taskId: number; result: PartitionResult }
  | { type: 'encoded'; taskId: number; bytes: Uint8Array }
  | { type: 'error'; taskId: number; error: { code: ErrorCode; message: string } };
