import { randomBytes } from 'node:crypto';
import { availableParallelism, hostname } from 'node:os';
import type { Worker } from 'bullmq';
import { ThreadExecutor } from '../thread-executor';
import { QUEUE_NAME } from './keys';
import type { PartitionJobData } from './messages';
import { createPartitionProcessor, type ProcessorOutcome } from './partition-processor';
import { connectRedis, safeUrl, waitForRedis } from './redis-connection';
import { startHeartbeat } from './worker-registry';
import { DEFAULT_WORKER_SETTINGS, type WorkerSettings } from './worker-settings';

export interface WorkerNode {
  readonly id: string;
  /** Stop taking partitions, let running ones finish, remove the heartbeat. */
  close(): Promise<void>;
}

export interface StartWorkerOptions extends Partial<Omit<WorkerSettings, 'redis'>> {
  redis: string;
  /** Reported in the heartbeat (the installed Stemflow version). */
  version?: string;
  /** Plugin versions for the heartbeat, by id. */
  pluginVersions?: Record<string, string>;
  log?: (line: string) => void;
  /** Give up if Redis does not answer within this time (ms). */
  connectTimeoutMs?: number;
}

/**
 * Start a worker process on a Redis queue and announce it with a heartbeat (host, cores,
 * version, plugins). BullMQ runs on this (main) thread and hands partitions to `concurrency`
 * partition threads; it holds a second partition for every thread, so each thread starts its
 * next partition at once, even when all finish together, while the last results are still being
 * sent and the next partitions fetched. Resolves once it listens for partitions.
 */
export async function startWorkerNode(options: StartWorkerOptions): Promise<WorkerNode> {
  const log = options.log ?? (() => undefined);
  const prefix = options.prefix ?? 'stemflow';
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? availableParallelism()));
  const settings = { ...DEFAULT_WORKER_SETTINGS, ...Object.fromEntries(Object.entries(options).filter(([k, v]) => v !== undefined && k in DEFAULT_WORKER_SETTINGS)) };
  const plugins = (options.plugins ?? []).map(({ id: pluginId, module }) => ({ id: pluginId, module }));
  const id = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const redis = connectRedis(options.redis);
  try {
    await waitForRedis(redis, options.redis, options.connectTimeoutMs ?? 3000);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const threads = new ThreadExecutor({ workers: concurrency, fifo: true });
  threads.warmUp();
  const runPartitionJob = createPartitionProcessor({ redis, prefix, workerId: id, plugins, threads });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- BullMQ loads on first use (see bullmq-executor)
  const { Worker: WorkerClass } = require('bullmq') as typeof import('bullmq');
  const workerRedis = connectRedis(options.redis);
  const worker: Worker<PartitionJobData, ProcessorOutcome> = new WorkerClass(QUEUE_NAME, (job) => runPartitionJob(job.data), {
    connection: workerRedis,
    prefix,
    concurrency: 2 * concurrency,
    lockDuration: settings.lockDuration,
    stalledInterval: settings.stalledInterval,
    maxStalledCount: settings.maxStalledCount,
  });
  worker.on('error', (error) => log(`worker error: ${error.message}`));
  worker.on('failed', (job, error) => log(`partition ${job?.id ?? '?'} failed: ${error.message}`));
  await worker.waitUntilReady();
  const stopHeartbeat = startHeartbeat(redis, prefix, {
    id,
    host: hostname(),
    pid: process.pid,
    cores: availableParallelism(),
    concurrency,
    version: options.version ?? '0.0.0',
    plugins: plugins.map((p) => ({ id: p.id, ...(options.pluginVersions?.[p.id] ? { version: options.pluginVersions[p.id] } : {}) })),
    startedAt: new Date().toISOString(),
  });
  log(`worker ${id}: ${concurrency} partition thread(s) on ${safeUrl(options.redis)} (prefix "${prefix}"), plugins: ${plugins.map((p) => p.id).join(', ') || 'none'}`);
  return {
    id,
    async close() {
      await stopHeartbeat();
      await worker.close(); // waits for running partitions
      await threads.close();
      // BullMQ leaves a connection it was given open.
      await Promise.all([workerRedis.quit().catch(() => undefined), redis.quit().catch(() => undefined)]);
    },
  };
}
