import { randomBytes } from 'node:crypto';
import { StemflowError, type Partition } from '@stemflow/plugin-sdk';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { readPluginPackage } from '../../plugins/discover';
import type { PluginRef } from '../../plugins/load';
import type { Executor, ExecutorHandlers, JobSpec } from '../executor';
import { CANCEL_TTL_S, DEFAULT_PREFIX, keys, partitionJobId, QUEUE_NAME, SPEC_TTL_S } from './keys';
import type { InboxMessage, PartitionJobData, WorkerInfo } from './messages';
import { decodeInbox } from './inbox-codec';
import { decodeResult, ResultArrays } from './result-codec';
import { connectRedis, safeUrl, waitForRedis } from './redis-connection';
import { encodeSpec } from './spec-codec';
import { listWorkers } from './worker-registry';

export interface BullmqExecutorOptions {
  /** redis://host:port of the Redis the workers use. */
  redis: string;
  /** Key prefix shared with the workers (default "stemflow"); one prefix per cluster. */
  prefix?: string;
  /** Partition slots assumed before any worker was seen (sizes partitions; default 4). */
  workers?: number;
  /** Fail a job's start when Redis does not answer within this time (ms, default 3000). */
  connectTimeoutMs?: number;
  /** Fail running jobs when Redis has been unreachable this long (ms, default 15000). */
  redisLostMs?: number;
  /** How often running jobs are checked for a lost Redis or lost partitions (ms, default 2000). */
  watchEveryMs?: number;
}

interface Run {
  id: string;
  spec: JobSpec;
  specKey: string;
  partitions: Partition[];
  total: number;
  handlers: ExecutorHandlers;
  merged: Set<number>;
  /** Frames reported per partition (the highest of any attempt: a retried partition is not counted twice). */
  frames: Map<number, number>;
  /** Partitions whose BullMQ job was missing at the last check. */
  missing: Set<number>;
  finished: boolean;
  resolve(): void;
  reject(error: unknown): void;
}

/** A worker list this recent is trusted for a new job (heartbeats come every 3 s). */
const WORKERS_FRESH_MS = 2000;

/** Lower numbers run first: partition i of every job gets priority i + 1, so jobs interleave. */
const MAX_PRIORITY = 2_097_152;

/**
 * Runs partitions on `stemflow worker` processes through a BullMQ queue on Redis. Workers
 * write each partition result as one binary, lz4-compressed key and name it in this host's
 * inbox list; the host merges results in completion order (each partition once), deletes the
 * keys, and fails a job clearly when Redis or a partition is lost.
 */
export class BullmqExecutor implements Executor {
  readonly kind = 'bullmq' as const;
  /**
   * Eight times the threads executor's 128 MiB: a partition here costs 6–9 ms of CPU more across
   * the worker (BullMQ, the Redis client, their garbage), Redis and the host (lz4 both ways, the
   * merge), measured in docs/performance.md; 1 GiB (~100 ms of compute per core) makes that
   * 5–8 %. runJob keeps at least two per slot (a 2 GiB job on two slots gets 512 MiB ones) and
   * tapers the last ones to a half and quarters, so the slots still end together.
   */
  readonly partitionBytes = 2 ** 30;
  readonly prefix: string;
  private readonly hostId = randomBytes(8).toString('hex');
  private readonly redis: Redis;
  private readonly inboxRedis: Redis;
  private queue?: Queue;
  private readonly runs = new Map<string, Run>();
  /** Decoded results reuse these arrays: each is merged inside onResult, before the next is decoded. */
  private readonly resultArrays = new ResultArrays();
  private readonly pluginVersions = new Map<string, string | undefined>();
  private ready?: Promise<void>;
  private watchTimer?: NodeJS.Timeout;
  private unreachableSince?: number;
  private knownSlots = 0;
  /** The last worker list: a job within WORKERS_FRESH_MS of it that they can run skips the lookup. */
  private workersSeen?: { at: number; workers: WorkerInfo[] };
  /** Redis's run_id: a new one means Redis restarted and lost the queue, so running jobs are queued again. */
  private redisRunId?: string;
  private closed = false;

  constructor(private readonly options: BullmqExecutorOptions) {
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.redis = connectRedis(options.redis);
    this.inboxRedis = connectRedis(options.redis);
  }

  get workers(): number {
    return Math.max(1, this.knownSlots || this.options.workers || 4);
  }

  private get inbox(): string {
    return keys.inbox(this.prefix, this.hostId);
  }

  /** Connect now, so a missing Redis shows at start; errors surface again on the first job. */
  warmUp(): void {
    this.connect().catch(() => undefined);
  }

  /** The workers whose heartbeat is current (host, cores, version, plugins). */
  async listWorkers(): Promise<WorkerInfo[]> {
    await this.connect();
    const workers = await listWorkers(this.redis, this.prefix);
    this.knownSlots = workers.reduce((n, w) => n + w.concurrency, 0);
    this.workersSeen = { at: Date.now(), workers };
    return workers;
  }

  async run(spec: JobSpec, partitions: Partition[], handlers: ExecutorHandlers, signal?: AbortSignal): Promise<void> {
    if (this.closed) throw new StemflowError('INTERNAL', 'the bullmq executor is closed');
    await this.connect();
    await this.checkWorkers(spec.plugin);
    if (signal?.aborted) throw new StemflowError('CANCELLED', 'the job was cancelled');
    const runId = `${this.hostId}${randomBytes(4).toString('hex')}`;
    const specKey = keys.spec(this.prefix, runId);
    // Not awaited: the SET goes out before addBulk on the same connection, so a worker never sees a partition without its spec.
    const specStored = this.redis.set(specKey, encodeSpec(spec), 'EX', SPEC_TTL_S);
    return new Promise<void>((resolve, reject) => {
      const run: Run = {
        id: runId,
        spec,
        specKey,
        partitions,
        total: partitions.length,
        handlers,
        merged: new Set(),
        frames: new Map(),
        missing: new Set(),
        finished: false,
        resolve,
        reject,
      };
      this.runs.set(runId, run);
      signal?.addEventListener('abort', () => void this.fail(run, new StemflowError('CANCELLED', 'the job was cancelled')), { once: true });
      this.settleIfDone(run);
      Promise.all([specStored, this.queue!.addBulk(this.jobsOf(run, partitions))]).catch(
        (error: Error) => void this.fail(run, new StemflowError('INTERNAL', `could not queue the partitions on Redis: ${error.message}`)),
      );
    });
  }

  private jobsOf(run: Run, partitions: Partition[]) {
    return partitions.map((partition) => ({
      name: 'partition',
      data: { runId: run.id, specKey: run.specKey, replyTo: this.inbox, partition } satisfies PartitionJobData,
      opts: { jobId: partitionJobId(run.id, partition.index), priority: Math.min(partition.index + 1, MAX_PRIORITY), attempts: 1, removeOnComplete: true, removeOnFail: true },
    }));
  }

  /** Remove this prefix's queue from Redis, queued partitions and all (for a throwaway prefix: benchmarks, tests). */
  async dropQueue(): Promise<void> {
    await this.connect();
    await this.queue!.obliterate({ force: true });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.watchTimer);
    await Promise.all([...this.runs.values()].map((run) => this.fail(run, new StemflowError('CANCELLED', 'the executor was shut down'))));
    this.inboxRedis.disconnect();
    await this.queue?.close().catch(() => undefined);
    if (this.redis.status === 'ready') await this.redis.del(this.inbox).catch(() => undefined);
    this.redis.disconnect();
  }

  private connect(): Promise<void> {
    this.ready ??= (async () => {
      await waitForRedis(this.redis, this.options.redis, this.options.connectTimeoutMs ?? 3000);
      await this.redisRestarted();
      // A short event stream: this host reads its inbox list, not BullMQ events.
      // Loaded on first use: BullMQ costs ~20 MiB in every process that imports the engine otherwise.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Queue: QueueClass } = require('bullmq') as typeof import('bullmq');
      this.queue = new QueueClass(QUEUE_NAME, { connection: this.redis, prefix: this.prefix, streams: { events: { maxLen: 100 } } });
      this.queue.on('error', () => undefined); // outages are reported by the watchdog
      void this.readInbox();
      this.watchTimer = setInterval(() => void this.watch(), this.options.watchEveryMs ?? 2000);
      this.watchTimer.unref();
    })().catch((error: unknown) => {
      this.ready = undefined; // try again on the next job
      throw error;
    });
    return this.ready;
  }

  /** Refuse a job no connected worker can run: no worker, or none with this plugin (at the host's version). */
  private async checkWorkers(plugin: PluginRef): Promise<void> {
    const seen = this.workersSeen;
    if (seen && Date.now() - seen.at < WORKERS_FRESH_MS && !this.refusal(seen.workers, plugin)) return;
    const refusal = this.refusal(await this.listWorkers(), plugin);
    if (refusal) throw new StemflowError('NOT_FOUND', refusal);
  }

  private refusal(workers: WorkerInfo[], plugin: PluginRef): string | undefined {
    const hint = `start one with "stemflow worker --redis ${safeUrl(this.options.redis)}${this.prefix === DEFAULT_PREFIX ? '' : ` --prefix ${this.prefix}`}"`;
    if (workers.length === 0) return `no Stemflow worker is connected to Redis at ${safeUrl(this.options.redis)}: ${hint}`;
    const offers = workers.flatMap((w) => w.plugins.filter((p) => p.id === plugin.id));
    if (offers.length === 0) {
      const have = [...new Set(workers.flatMap((w) => w.plugins.map((p) => p.id)))].join(', ') || 'none';
      return `no connected worker has the plugin "${plugin.id}" (${workers.length} worker(s) have: ${have}): install its package where the workers run and restart them`;
    }
    const version = plugin.module ? this.pluginVersion(plugin.module) : undefined;
    if (version && offers.every((p) => p.version !== undefined && p.version !== version)) {
      const theirs = [...new Set(offers.map((p) => p.version))].join(', ');
      return `the workers have plugin "${plugin.id}" at version ${theirs}, this host at ${version}: install the same version on the host and the workers`;
    }
    return undefined;
  }

  /** The host's version of a plugin package (read once: it does not change while the host runs). */
  private pluginVersion(module: string): string | undefined {
    if (!this.pluginVersions.has(module)) this.pluginVersions.set(module, readPluginPackage(module)?.version);
    return this.pluginVersions.get(module);
  }

  private async readInbox(): Promise<void> {
    while (!this.closed) {
      let popped: [Buffer, Buffer] | null;
      try {
        popped = await this.inboxRedis.blpopBuffer(this.inbox, 1);
      } catch {
        if (this.closed) return;
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      if (!popped) continue;
      let entry: ReturnType<typeof decodeInbox>;
      try {
        entry = decodeInbox(popped[1]);
      } catch {
        continue; // not ours to read: nothing to merge
      }
      this.handle(entry.message, entry.body);
    }
  }

  /** One inbox entry; a late or repeated result (another attempt of a merged partition) is dropped. */
  private handle(message: InboxMessage, body: Buffer): void {
    const run = this.runs.get(message.runId);
    if (!run || run.finished) return;
    if (message.type === 'error') {
      void this.fail(run, new StemflowError(message.code, message.message));
      return;
    }
    if (run.merged.has(message.index)) return;
    // Progress first: a result carries its attempt's final frame count.
    const seen = run.frames.get(message.index) ?? 0;
    if (message.frames > seen) {
      run.frames.set(message.index, message.frames);
      run.handlers.onFrames(message.frames - seen);
    }
    if (message.type === 'frames') return;
    try {
      const result = decodeResult(body, this.resultArrays.take);
      run.merged.add(message.index);
      run.handlers.onResult(result);
    } catch (error) {
      void this.fail(run, error);
      return;
    }
    this.settleIfDone(run);
  }

  /** Fail jobs when Redis stays away, or when a partition's BullMQ job vanished without a result. */
  private async watch(): Promise<void> {
    if (this.runs.size === 0) return;
    if (this.redis.status !== 'ready') {
      this.unreachableSince ??= Date.now();
      const away = Date.now() - this.unreachableSince;
      if (away >= (this.options.redisLostMs ?? 15_000)) {
        const error = new StemflowError('INTERNAL', `lost the connection to Redis at ${safeUrl(this.options.redis)} for ${Math.round(away / 1000)} s; the job was stopped`);
        for (const run of [...this.runs.values()]) await this.fail(run, error, false);
      }
      return;
    }
    this.unreachableSince = undefined;
    try {
      if (await this.redisRestarted()) {
        for (const run of [...this.runs.values()]) await this.requeue(run);
        return;
      }
      if ((await this.redis.llen(this.inbox)) > 0) return; // results still to read: nothing is lost yet
      for (const run of [...this.runs.values()]) {
        const open = Array.from({ length: run.total }, (_, i) => i).filter((i) => !run.merged.has(i));
        const pipeline = this.redis.pipeline();
        for (const i of open) pipeline.exists(`${this.prefix}:${QUEUE_NAME}:${partitionJobId(run.id, i)}`);
        const answers = (await pipeline.exec()) ?? [];
        const gone = open.filter((_, k) => answers[k]?.[1] === 0);
        const lost = gone.filter((i) => run.missing.has(i));
        run.missing = new Set(gone);
        if (lost.length > 0 && !run.finished) {
          await this.fail(run, new StemflowError('KERNEL_FAILED', `partition ${lost[0]} of "${run.spec.plugin.id}" was lost: its workers died or stalled too often`));
        }
      }
    } catch {
      // Redis went away during the check: the next tick sees it.
    }
  }

  /** True once per restart of the Redis server (its run_id changed): its queue, specs and inbox are gone. */
  private async redisRestarted(): Promise<boolean> {
    const runId = /run_id:(\w+)/.exec(await this.redis.info('server'))?.[1];
    const restarted = this.redisRunId !== undefined && runId !== this.redisRunId;
    this.redisRunId = runId;
    return restarted;
  }

  /** After a Redis restart: the spec and every partition not merged yet go on the queue again. */
  private async requeue(run: Run): Promise<void> {
    if (run.finished) return;
    try {
      await this.redis.set(run.specKey, encodeSpec(run.spec), 'EX', SPEC_TTL_S);
      await this.queue!.addBulk(this.jobsOf(run, run.partitions.filter((p) => !run.merged.has(p.index))));
      run.missing.clear();
    } catch (error) {
      await this.fail(run, new StemflowError('INTERNAL', `Redis at ${safeUrl(this.options.redis)} restarted and the job could not be queued again: ${(error as Error).message}`), false);
    }
  }

  /** Stop a run: drop its queued partitions, tell running ones to skip, then reject. */
  private async fail(run: Run, error: unknown, cleanUp = true): Promise<void> {
    if (run.finished) return;
    run.finished = true;
    this.runs.delete(run.id);
    if (cleanUp) await withTimeout(this.removePartitions(run), 5000);
    run.reject(error);
  }

  private async removePartitions(run: Run): Promise<void> {
    try {
      await this.redis.set(keys.cancel(this.prefix, run.id), '1', 'EX', CANCEL_TTL_S);
      // Running partitions are locked and stay; they see the cancel key or finish, and their results are dropped.
      for (let i = 0; i < run.total; i++) if (!run.merged.has(i)) await this.queue!.remove(partitionJobId(run.id, i)).catch(() => 0);
      await this.redis.del(run.specKey);
    } catch {
      // Redis is gone: the keys expire by themselves.
    }
  }

  private settleIfDone(run: Run): void {
    if (run.finished || run.merged.size < run.total) return;
    run.finished = true;
    this.runs.delete(run.id);
    void this.redis.del(run.specKey).catch(() => undefined);
    run.resolve();
  }
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<void>((r) => (timer = setTimeout(r, ms)))]).finally(() => clearTimeout(timer));
}
