import { StemflowError } from '@stemflow/plugin-sdk';
import type { Redis } from 'ioredis';
import type { PluginRef } from '../../plugins/load';
import type { JobSpec } from '../executor';
import type { ThreadExecutor } from '../thread-executor';
import { encodeInbox } from './inbox-codec';
import { keys, RESULT_TTL_S } from './keys';
import type { InboxMessage, PartitionJobData } from './messages';
import { decodeSpec } from './spec-codec';

const PROGRESS_INTERVAL_MS = 200;
/** Specs of this many recent runs are kept (a worker serves few runs at once). */
const KEEP_SPECS = 4;

export interface ProcessorOptions {
  redis: Redis;
  prefix: string;
  workerId: string;
  /** This worker's own plugin installs by id; otherwise the host's module path is tried (shared install). */
  plugins: PluginRef[];
  /** Where the kernels run (and results are encoded): this process's partition threads. */
  threads: Pick<ThreadExecutor, 'runEncoded'>;
}

/** What the BullMQ job returns: small, the result itself travels in the host's inbox. */
export type ProcessorOutcome = { merged: 'by the host' } | { cancelled: true };

/**
 * Runs each partition on this process's partition threads (the `threads` executor: they keep
 * their buffers and open data sets between partitions, and encode the result, binary and lz4-
 * compressed) and pushes the result to the host's inbox. This runs on the process's main
 * thread, which never blocks in a kernel and never touches a result's arrays: BullMQ renews
 * the partition's lock on time however long the kernel runs, and the result of one partition
 * is sent while the threads already compute the next.
 */
export function createPartitionProcessor(options: ProcessorOptions): (data: PartitionJobData) => Promise<ProcessorOutcome> {
  const { redis, prefix, workerId, threads } = options;
  const specs = new Map<string, JobSpec>();
  const own = new Map(options.plugins.map((p) => [p.id, p]));

  const push = (replyTo: string, message: InboxMessage): Promise<unknown> => redis.rpush(replyTo, encodeInbox(message));

  /** The run's spec: fetched once per run together with its cancel flag (undefined if cancelled). */
  async function specOf(data: PartitionJobData): Promise<JobSpec | undefined> {
    const cached = specs.get(data.specKey);
    if (cached) return cached;
    const [cancelled, text] = await redis.mget(keys.cancel(prefix, data.runId), data.specKey);
    if (cancelled !== null) return undefined;
    if (text === null) throw new StemflowError('CANCELLED', 'the job is gone (its description was removed from Redis)');
    const spec = decodeSpec(text);
    if (specs.size >= KEEP_SPECS) specs.delete(specs.keys().next().value as string);
    specs.set(data.specKey, spec);
    return spec;
  }

  return async (data) => {
    const { runId, partition, replyTo } = data;
    const index = partition.index;
    try {
      const spec = await specOf(data);
      if (!spec) return { cancelled: true };
      // Whether the run was cancelled is asked as the partition starts and with each progress
      // message, never waited for: a cancel stops the partition between tiles.
      const cancel = new AbortController();
      const cancelKey = keys.cancel(prefix, runId);
      const checkCancel = (): void => void redis.exists(cancelKey).then((found) => found && cancel.abort(), () => undefined);
      checkCancel();
      let encoded: Buffer | undefined;
      let frames = 0;
      let lastSent = Date.now();
      // This worker's own install of the plugin if it has one, else the host's path (shared install).
      const local: JobSpec = { ...spec, plugin: own.get(spec.plugin.id) ?? spec.plugin };
      try {
        await threads.runEncoded(
          local,
          [partition],
          {
            onEncoded: (bytes) => (encoded = bytes),
            onFrames: (n) => {
              frames += n;
              const now = Date.now();
              if (now - lastSent >= PROGRESS_INTERVAL_MS) {
                lastSent = now;
                void push(replyTo, { type: 'frames', runId, index, frames }).catch(() => undefined);
                checkCancel();
              }
            },
          },
          cancel.signal,
        );
      } catch (error) {
        if (cancel.signal.aborted) return { cancelled: true };
        throw error;
      }
      if (!encoded) throw new StemflowError('INTERNAL', `partition ${index} finished without a result`);
      await redis
        .multi()
        .rpush(replyTo, encodeInbox({ type: 'result', runId, index, workerId, frames }, encoded))
        .expire(replyTo, RESULT_TTL_S) // the inbox of a host that died does not stay in Redis
        .exec();
      return { merged: 'by the host' };
    } catch (error) {
      const e = error instanceof StemflowError ? error : new StemflowError('KERNEL_FAILED', (error as Error)?.message ?? String(error));
      await push(replyTo, { type: 'error', runId, index, code: e.code, message: e.message }).catch(() => undefined);
      throw e;
    }
  };
}
