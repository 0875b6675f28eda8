import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { StartWorkerOptions } from './worker-node';

/** Test helpers: real worker processes (the engine's build) and a throw-away key prefix. */
export const REDIS_URL = process.env.STEMFLOW_TEST_REDIS ?? 'redis://127.0.0.1:6379';
export const FIXTURE_PLUGIN = { id: 'frame-stats', module: resolve(__dirname, '../fixtures/test-plugin') };
/** Short locks so a killed worker's partition is retried within seconds. */
export const FAST_STALLS = { lockDuration: 3000, stalledInterval: 1000, maxStalledCount: 5 };

const ENTRY = resolve(__dirname, '../../../dist/executors/bullmq/worker-main.js');

export interface WorkerProcess {
  child: ChildProcess;
  id: string;
  stop(): Promise<void>;
}

export function uniquePrefix(name: string): string {
  return `sftest-${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Fork a worker process and wait until it takes partitions. */
export function startWorkerProcess(options: Omit<StartWorkerOptions, 'redis'> & { redis?: string }): Promise<WorkerProcess> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: build the engine first (npx nx run-many -t build --projects=engine)`);
  const child = fork(ENTRY, [JSON.stringify({ redis: REDIS_URL, concurrency: 1, plugins: [FIXTURE_PLUGIN], ...FAST_STALLS, ...options })], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolveStart, rejectStart) => {
    const timer = setTimeout(() => rejectStart(new Error(`worker did not start within 30 s: ${stderr}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /ready (\S+)/.exec(chunk.toString());
      if (!match) return;
      clearTimeout(timer);
      resolveStart({
        child,
        id: match[1]!,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rejectStart(new Error(`worker exited with ${code}: ${stderr}`));
    });
  });
}

/** Delete every key of a test prefix. */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (batch.length > 0) await redis.del(...batch);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}

/** Keys of a prefix matching a pattern (e.g. "result:*"). */
export async function countKeys(prefix: string, pattern: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  const found = await redis.keys(`${prefix}:${pattern}`);
  await redis.quit();
  return found.length;
}

/** Poll until `check` is true (no timing assertion: fails only after a generous limit). */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, limitMs = 20_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

