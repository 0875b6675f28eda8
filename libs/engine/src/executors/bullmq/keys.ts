/** Redis key names shared by the bullmq host and its workers; all start with the prefix. */
export const DEFAULT_PREFIX = 'stemflow';
export const QUEUE_NAME = 'partitions';

/** How long leftovers live if a host or worker dies before deleting them (seconds). */
export const RESULT_TTL_S = 3600;
export const SPEC_TTL_S = 24 * 3600;
export const CANCEL_TTL_S = 3600;

export const keys = {
  spec: (prefix: string, runId: string) => `${prefix}:spec:${runId}`,
  cancel: (prefix: string, runId: string) => `${prefix}:cancel:${runId}`,
  result: (prefix: string, runId: string, index: number, workerId: string) => `${prefix}:result:${runId}:${index}:${workerId}`,
  /** The list a host reads its partitions' results, progress and errors from. */
  inbox: (prefix: string, hostId: string) => `${prefix}:inbox:${hostId}`,
  worker: (prefix: string, workerId: string) => `${prefix}:workers:${workerId}`,
  workersPattern: (prefix: string) => `${prefix}:workers:*`,
};

/** BullMQ job ids must not contain ':'; one id per partition of a run. */
export function partitionJobId(runId: string, index: number): string {
  return `${runId}-p${index}`;
}
