import { BufferPool, runPartition, StemflowError, type AnyPlugin } from '@stemflow/plugin-sdk';
import type { Redis } from 'ioredis';
import { OpenDataSets } from '../open-data-sets';
import { loadPlugin, type PluginRef } from '../../plugins/load';
import type { JobSpec } from '../executor';
import { keys, RESULT_TTL_S } from './keys';
import type { InboxMessage, PartitionJobData } from './messages';
import { encodeResult } from './result-codec';
import { decodeSpec } from './spec-codec';
import { partitionOptionsOf } from '../executor';

const PROGRESS_INTERVAL_MS = 200;
const KEEP_OPEN = 4;

export interface ProcessorOptions {
  redis: Redis;
  prefix: string;
  workerId: string;
  /** This worker's own plugin installs by id; otherwise the host's module path is tried (shared install). */
  plugins: PluginRef[];
}

/** What the BullMQ job returns: small, the result itself stays in its own Redis key. */
export type ProcessorOutcome = { key: string } | { cancelled: true };

/**
 * Runs partitions the way the thread worker does (same plugin loading, one BufferPool, open data
 * sets kept), writes each result as one binary key and tells the host through its inbox.
 */
export function createPartitionProcessor(options: ProcessorOptions): (data: PartitionJobData) => Promise<ProcessorOutcome> {
  const { redis, prefix, workerId } = options;
  const pool = new BufferPool();
  const openSets = new OpenDataSets(KEEP_OPEN);
  const specs = new Map<string, JobSpec>();
  const own = new Map(options.plugins.map((p) => [p.id, p]));

  const push = (replyTo: string, message: InboxMessage): Promise<unknown> => redis.rpush(replyTo, JSON.stringify(message));

  async function specFor(specKey: string): Promise<JobSpec> {
    const cached = specs.get(specKey);
    if (cached) return cached;
    const text = await redis.get(specKey);
    if (text === null) throw new StemflowError('CANCELLED', 'the job is gone (its description was removed from Redis)');
    const spec = decodeSpec(text);
    if (specs.size >= KEEP_OPEN) specs.delete(specs.keys().next().value as string);
    specs.set(specKey, spec);
    return spec;
  }

  function pluginFor(ref: PluginRef): AnyPlugin {
    return loadPlugin(own.get(ref.id) ?? ref);
  }

  return async (data) => {
    const { runId, partition, replyTo } = data;
    const index = partition.index;
    if (await redis.exists(keys.cancel(prefix, runId))) return { cancelled: true };
    try {
      const spec = await specFor(data.specKey);
      const plugin = pluginFor(spec.plugin);
      let frames = 0;
      let lastSent = Date.now();
      const result = runPartition(plugin, spec.params, openSets.get(spec.dataset), partition, {
        ...partitionOptionsOf(spec),
        pool,
        onFrames: (n) => {
          frames += n;
          const now = Date.now();
          if (now - lastSent >= PROGRESS_INTERVAL_MS) {
            lastSent = now;
            void push(replyTo, { type: 'frames', runId, index, frames }).catch(() => undefined);
          }
        },
      });
      const key = keys.result(prefix, runId, index, workerId);
      await redis
        .multi()
        .set(key, encodeResult(result), 'EX', RESULT_TTL_S)
        .rpush(replyTo, JSON.stringify({ type: 'frames', runId, index, frames } satisfies InboxMessage))
        .rpush(replyTo, JSON.stringify({ type: 'result', runId, index, key, workerId } satisfies InboxMessage))
        .expire(replyTo, RESULT_TTL_S) // the inbox of a host that died does not stay in Redis
        .exec();
      return { key };
    } catch (error) {
      const e = error instanceof StemflowError ? error : new StemflowError('KERNEL_FAILED', (error as Error)?.message ?? String(error));
      await push(replyTo, { type: 'error', runId, index, code: e.code, message: e.message }).catch(() => undefined);
      throw e;
    }
  };
}
