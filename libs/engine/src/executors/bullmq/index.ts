/** The bullmq executor (host side) and the worker that serves it. */
export { BullmqExecutor, type BullmqExecutorOptions } from './bullmq-executor';
export { startWorkerNode, type StartWorkerOptions, type WorkerNode } from './worker-node';
export type { WorkerInfo } from './messages';
export { DEFAULT_PREFIX } from './keys';
