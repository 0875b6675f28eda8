import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveParams, StemflowError } from '@stemflow/plugin-sdk';
import { randomData } from '@stemflow/plugin-sdk/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describeDataSet, encodeNpy, loadPlugin, runJob, type JobSpec } from '../..';
import { InlineExecutor } from '../inline-executor';
import { BullmqExecutor } from './bullmq-executor';
import { QUEUE_NAME } from './keys';
import { countKeys, deleteKeys, eventually, FIXTURE_PLUGIN, REDIS_URL, startWorkerProcess, uniquePrefix, type WorkerProcess } from './worker-process.fixture';
import { startWorkerNode } from './worker-node';

const nav = [7, 9];
const sig = [13, 6];
const frames = 63;
const data = randomData('uint16', frames * 78, 11);
const path = join(mkdtempSync(join(tmpdir(), 'stemflow-bullmq-')), 'data.npy');
writeFileSync(path, encodeNpy({ data, shape: [...nav, ...sig] }));
const dataset = describeDataSet({ path });

function spec(params: object = {}, extra: Partial<JobSpec> = {}): JobSpec {
  return { plugin: FIXTURE_PLUGIN, params: resolveParams(loadPlugin(FIXTURE_PLUGIN), params), dataset, ...extra };
}

const plain = (results: Record<string, { data: ArrayLike<number> }>): Record<string, number[]> =>
  Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Array.from(v.data)]));

describe('bullmq executor with two worker processes', () => {
  const prefix = uniquePrefix('exec');
  let workers: WorkerProcess[] = [];
  let executor: BullmqExecutor;

  beforeAll(async () => {
    workers = await Promise.all([startWorkerProcess({ prefix }), startWorkerProcess({ prefix })]);
    executor = new BullmqExecutor({ redis: REDIS_URL, prefix });
  });
  afterAll(async () => {
    await executor?.close();
    await Promise.all(workers.map((w) => w.stop()));
    await deleteKeys(prefix);
  });

  it('lists the connected workers with their plugins', async () => {
    const list = await executor.listWorkers();
    expect(list.map((w) => w.id).sort()).toEqual(workers.map((w) => w.id).sort());
    for (const w of list) {
      expect(w.cores).toBeGreaterThan(0);
      expect(w.plugins.map((p) => p.id)).toEqual(['frame-stats']);
    }
  });

  it('gives exactly the inline result (ROI, corrections, odd tiles) and leaves no result in Redis', async () => {
    const roi = Uint8Array.from({ length: frames }, (_, i) => (i % 4 === 1 || i > 40 ? 1 : 0));
    const dark = Float32Array.from({ length: 78 }, (_, i) => i % 5);
    const job = spec({}, { roi, tileShape: { depth: 2, rows: 5 }, corrections: { dark } });
    const expected = await runJob(job, new InlineExecutor(), { partitions: 5 });
    let framesDone = 0;
    const merged: number[] = [];
    const outcome = await runJob(job, executor, { partitions: 5, onFrames: (p) => (framesDone = p.framesDone), onPartition: (p) => merged.push(p.partitionsDone) });
    expect(plain(outcome.results)).toEqual(plain(expected.results));
    expect(merged).toEqual([1, 2, 3, 4, 5]);
    expect(framesDone).toBe(outcome.framesTotal);
    expect(await countKeys(prefix, 'inbox:*')).toBe(0); // results travel in the inbox; merging popped them
    expect(await countKeys(prefix, 'spec:*')).toBe(0);
  });

  it('fails a job whose plugin throws with its message while a concurrent job succeeds', async () => {
    const [bad, good] = await Promise.allSettled([runJob(spec({ failAt: 40 }), executor, { partitions: 4 }), runJob(spec(), executor, { partitions: 4 })]);
    expect(bad.status).toBe('rejected');
    const error = (bad as PromiseRejectedResult).reason as StemflowError;
    expect(error).toBeInstanceOf(StemflowError);
    expect(error.code).toBe('KERNEL_FAILED');
    expect(error.message).toMatch(/frame-stats.*frame 40 is cursed/);
    expect(good.status).toBe('fulfilled');
    const expected = await runJob(spec(), new InlineExecutor(), { partitions: 4 });
    expect(plain((good as PromiseFulfilledResult<Awaited<ReturnType<typeof runJob>>>).value.results)).toEqual(plain(expected.results));
  });

  it('removes the pending partitions of a cancelled job from the queue', async () => {
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE_NAME, { connection, prefix });
    try {
      const controller = new AbortController();
      let queuedWhileRunning = 0;
      const running = runJob(spec({ delayMs: 40 }, { tileShape: { depth: 1, rows: 13 } }), executor, {
        partitions: 30,
        signal: controller.signal,
        onPartition: () => {
          if (controller.signal.aborted) return;
          void queue.getJobCounts('waiting', 'prioritized').then((c) => {
            queuedWhileRunning = c.waiting! + c.prioritized!;
            controller.abort();
          });
        },
      });
      await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(queuedWhileRunning).toBeGreaterThan(0);
      const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed');
      expect(counts.waiting! + counts.prioritized! + counts.delayed!).toBe(0);
      // Partitions that were running finish or skip; their results are popped and dropped, not merged.
      await eventually(async () => (await queue.getJobCounts('active')).active === 0 && (await countKeys(prefix, 'inbox:*')) === 0, 'running partitions to drain');
      const after = await runJob(spec(), executor, { partitions: 3 });
      expect(after.framesTotal).toBe(frames);
    } finally {
      await queue.close();
      await connection.quit();
    }
  });

  it('stops a running partition soon after its job is cancelled (not when it would have ended)', async () => {
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE_NAME, { connection, prefix });
    try {
      const controller = new AbortController();
      // Two partitions of ~32 frames × 150 ms ≈ 5 s each, one per worker.
      const running = runJob(spec({ delayMs: 150 }, { tileShape: { depth: 1, rows: 13 } }), executor, { partitions: 2, signal: controller.signal });
      await eventually(async () => (await queue.getJobCounts('active')).active === 2, 'both partitions to start');
      const cancelledAt = Date.now();
      controller.abort();
      await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
      await eventually(async () => (await queue.getJobCounts('active')).active === 0, 'the running partitions to stop', 3000);
      expect(Date.now() - cancelledAt).toBeLessThan(2500);
    } finally {
      await queue.close();
      await connection.quit();
    }
  });

  it('lets a small job submitted after a big one finish first', async () => {
    const finished: string[] = [];
    let small: Promise<unknown> | undefined;
    const big = runJob(spec({ delayMs: 15 }, { tileShape: { depth: 1, rows: 13 } }), executor, {
      partitions: 21,
      onPartition: () => {
        small ??= runJob(spec(), executor, { partitions: 2 }).then(() => finished.push('small'));
      },
    }).then(() => finished.push('big'));
    await big;
    await small;
    expect(finished).toEqual(['small', 'big']);
  });

  it('refuses a job whose plugin no worker has', async () => {
    const missing = { ...spec(), plugin: { id: 'not-installed', module: '/nowhere' } };
    const error = await executor.run(missing, [{ index: 0, start: 0, end: 1 }], { onResult: () => undefined, onFrames: () => undefined }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
    expect((error as Error).message).toMatch(/no connected worker has the plugin "not-installed".*frame-stats/);
  });
});

describe('bullmq without Redis', () => {
  const nowhere = 'redis://127.0.0.1:1';

  it('fails a job at once with a clear message instead of hanging', async () => {
    const executor = new BullmqExecutor({ redis: nowhere, connectTimeoutMs: 2000 });
    try {
      const error = await runJob(spec(), executor).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StemflowError);
      expect((error as Error).message).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
    } finally {
      await executor.close();
    }
  });

  it('refuses to start a worker', async () => {
    await expect(startWorkerNode({ redis: nowhere, connectTimeoutMs: 2000 })).rejects.toThrow(/cannot reach Redis/);
  });

  it('refuses a job when no worker is connected', async () => {
    const prefix = uniquePrefix('empty');
    const executor = new BullmqExecutor({ redis: REDIS_URL, prefix });
    try {
      await expect(runJob(spec(), executor)).rejects.toThrow(/no Stemflow worker is connected.*stemflow worker --redis/);
    } finally {
      await executor.close();
      await deleteKeys(prefix);
    }
  });
});
