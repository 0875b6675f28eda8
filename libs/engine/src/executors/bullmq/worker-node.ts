import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker as Thread } from 'node:worker_threads';
import { StemflowError } from '@stemflow/plugin-sdk';
import { connectRedis, safeUrl, waitForRedis } from './redis-connection';
import { startHeartbeat } from './worker-registry';
import { DEFAULT_WORKER_SETTINGS, type ThreadData, type WorkerSettings } from './worker-settings';

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

/** The compiled thread script; under Jest the engine runs from source, so use its build. */
function threadScript(): string {
  const beside = join(__dirname, 'worker-thread.js');
  if (existsSync(beside)) return beside;
  const built = resolve(__dirname, '../../../dist/executors/bullmq/worker-thread.js');
  if (existsSync(built)) return built;
  throw new StemflowError('INTERNAL', `the bullmq worker thread script is missing (${built}): build the engine first`);
}

/**
 * Start a worker process's partition threads on a Redis queue and announce it with a heartbeat
 * (host, cores, version, plugins). Resolves once every thread listens for partitions.
 */
export async function startWorkerNode(options: StartWorkerOptions): Promise<WorkerNode> {
  const log = options.log ?? (() => undefined);
  const prefix = options.prefix ?? 'stemflow';
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? availableParallelism()));
  const id = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const redis = connectRedis(options.redis);
  try {
    await waitForRedis(redis, options.redis, options.connectTimeoutMs ?? 3000);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const data: ThreadData = {
    ...DEFAULT_WORKER_SETTINGS,
    ...Object.fromEntries(Object.entries(options).filter(([k, v]) => v !== undefined && k in DEFAULT_WORKER_SETTINGS)),
    redis: options.redis,
    prefix,
    concurrency,
    plugins: (options.plugins ?? []).map(({ id: pluginId, module }) => ({ id: pluginId, module })),
    workerId: id,
  };
  const script = threadScript();
  const threads = Array.from({ length: concurrency }, () => new Thread(script, { workerData: data }));
  await Promise.all(
    threads.map(
      (thread) =>
        new Promise<void>((resolveReady, rejectReady) => {
          thread.on('message', (m: { type: string; message?: string }) => {
            if (m.type === 'ready') resolveReady();
            if (m.type === 'log') log(m.message ?? '');
          });
          thread.once('error', (error) => rejectReady(new StemflowError('INTERNAL', `a worker thread failed to start: ${error.message}`)));
        }),
    ),
  );
  const stopHeartbeat = startHeartbeat(redis, prefix, {
    id,
    host: hostname(),
    pid: process.pid,
    cores: availableParallelism(),
    concurrency,
    version: options.version ?? '0.0.0',
    plugins: data.plugins.map((p) => ({ id: p.id, ...(options.pluginVersions?.[p.id] ? { version: options.pluginVersions[p.id] } : {}) })),
    startedAt: new Date().toISOString(),
  });
  log(`worker ${id}: ${concurrency} partition thread(s) on ${safeUrl(options.redis)} (prefix "${prefix}"), plugins: ${data.plugins.map((p) => p.id).join(', ') || 'none'}`);
  return {
    id,
    async close() {
      await stopHeartbeat();
      await Promise.all(
        threads.map(
          (thread) =>
            new Promise<void>((done) => {
              const timer = setTimeout(() => void thread.terminate().then(() => done()), 10_000);
              thread.on('message', (m: { type: string }) => {
                if (m.type === 'closed') {
                  clearTimeout(timer);
                  void thread.terminate().then(() => done());
                }
              });
              thread.postMessage({ type: 'close' });
            }),
        ),
      );
      await redis.quit().catch(() => undefined);
    },
  };
}
