import { parentPort, workerData } from 'node:worker_threads';
import { Worker } from 'bullmq';
import { QUEUE_NAME } from './keys';
import type { PartitionJobData } from './messages';
import { createPartitionProcessor, type ProcessorOutcome } from './partition-processor';
import { connectRedis } from './redis-connection';
import type { ThreadData } from './worker-settings';

/** One partition thread of a worker process: a BullMQ worker that takes one partition at a time. */
const settings = workerData as ThreadData;
const port = parentPort!;
const redis = connectRedis(settings.redis);
const runOne = createPartitionProcessor({ redis, prefix: settings.prefix, workerId: settings.workerId, plugins: settings.plugins });
const worker = new Worker<PartitionJobData, ProcessorOutcome>(QUEUE_NAME, (job) => runOne(job.data), {
  connection: connectRedis(settings.redis),
  prefix: settings.prefix,
  concurrency: 1,
  lockDuration: settings.lockDuration,
  stalledInterval: settings.stalledInterval,
  maxStalledCount: settings.maxStalledCount,
});
worker.on('error', (error) => port.postMessage({ type: 'log', message: `worker error: ${error.message}` }));
worker.on('failed', (job, error) => port.postMessage({ type: 'log', message: `partition ${job?.id ?? '?'} failed: ${error.message}` }));
void worker.waitUntilReady().then(() => port.postMessage({ type: 'ready' }));

port.on('message', (message: { type: string }) => {
  if (message.type !== 'close') return;
  void worker
    .close()
    .catch(() => undefined)
    .then(() => redis.quit().catch(() => undefined))
    .then(() => port.postMessage({ type: 'closed' }));
});
