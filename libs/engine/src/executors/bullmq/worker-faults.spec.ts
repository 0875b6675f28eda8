import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { resolveParams } from '@stemflow/plugin-sdk';
import { randomData } from '@stemflow/plugin-sdk/testing';
import { describeDataSet, encodeNpy, loadPlugin, runJob, type JobSpec } from '../..';
import { InlineExecutor } from '../inline-executor';
import { BullmqExecutor } from './bullmq-executor';
import { QUEUE_NAME } from './keys';
import { deleteKeys, FIXTURE_PLUGIN, REDIS_URL, startWorkerProcess, uniquePrefix, type WorkerProcess } from './worker-process.fixture';

const frames = 48;
const data = randomData('uint16', frames * 64, 5);
const path = join(mkdtempSync(join(tmpdir(), 'stemflow-faults-')), 'data.npy');
writeFileSync(path, encodeNpy({ data, shape: [6, 8, 8, 8] }));
const dataset = describeDataSet({ path });

describe('a bullmq worker killed with SIGKILL mid-partition', () => {
  const prefix = uniquePrefix('kill');
  const workers: WorkerProcess[] = [];
  let executor: BullmqExecutor | undefined;

  afterAll(async () => {
    await executor?.close();
    await Promise.all(workers.map((w) => w.stop()));
    await deleteKeys(prefix);
  });

  it('has its partition retried by another worker; the result equals the inline one, each partition merged once', async () => {
    // Slow tiles: each partition takes ~0.4 s, so the first progress report arrives mid-partition.
    const job: JobSpec = { plugin: FIXTURE_PLUGIN, params: resolveParams(loadPlugin(FIXTURE_PLUGIN), { delayMs: 50 }), dataset, tileShape: { depth: 1, rows: 8 } };
    const victim = await startWorkerProcess({ prefix });
    workers.push(victim);
    executor = new BullmqExecutor({ redis: REDIS_URL, prefix });
    let killedDuringJob = false;
    let rescuer: Promise<WorkerProcess> | undefined;
    const merged: number[] = [];
    let framesDone = 0;
    const outcome = await runJob(job, executor, {
      partitions: 6,
      onFrames: (p) => {
        framesDone = p.framesDone;
        if (rescuer) return;
        // The victim is the only worker, so it is inside a partition right now.
        killedDuringJob = p.partitionsDone < p.partitionsTotal && victim.child.kill('SIGKILL');
        rescuer = startWorkerProcess({ prefix }).then((w) => (workers.push(w), w));
      },
      onPartition: (p) => merged.push(p.partitionsDone),
    });
    await rescuer;
    expect(killedDuringJob).toBe(true);
    const expected = await runJob({ ...job, params: resolveParams(loadPlugin(FIXTURE_PLUGIN), {}) }, new InlineExecutor(), { partitions: 6 });
    for (const name of Object.keys(expected.results)) expect(Array.from(outcome.results[name]!.data)).toEqual(Array.from(expected.results[name]!.data));
    expect(merged).toEqual([1, 2, 3, 4, 5, 6]);
    expect(framesDone).toBe(frames); // progress of the lost attempt is not counted twice
  });
});

describe('Redis stopped mid-job', () => {
  // A private Redis on its own port, so stopping it never disturbs anything else on the machine.
  const port = 20000 + (process.pid % 20000);
  const url = `redis://127.0.0.1:${port}`;
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const workers: WorkerProcess[] = [];
  let executor: BullmqExecutor | undefined;

  afterAll(async () => {
    if (server.exitCode === null) server.kill('SIGKILL');
    for (const w of workers) w.child.kill('SIGKILL');
    await executor?.close();
  });

  it('fails the running job with a clear message instead of hanging', async () => {
    const prefix = uniquePrefix('lost');
    workers.push(await startWorkerProcess({ prefix, redis: url }));
    executor = new BullmqExecutor({ redis: url, prefix, redisLostMs: 2000, watchEveryMs: 500 });
    const job: JobSpec = { plugin: FIXTURE_PLUGIN, params: resolveParams(loadPlugin(FIXTURE_PLUGIN), { delayMs: 50 }), dataset, tileShape: { depth: 1, rows: 8 } };
    let stopped = false;
    const error = await runJob(job, executor, {
      partitions: 6,
      onFrames: () => {
        if (!stopped) stopped = server.kill('SIGKILL');
      },
    }).catch((e: unknown) => e);
    expect(stopped).toBe(true);
    expect(error).toMatchObject({ code: 'INTERNAL' });
    expect((error as Error).message).toMatch(new RegExp(`lost the connection to Redis at redis://127.0.0.1:${port}`));
  });
});

describe('a partition that runs longer than its lock', () => {
  const prefix = uniquePrefix('long');
  const workers: WorkerProcess[] = [];
  let executor: BullmqExecutor | undefined;
  let events: QueueEvents | undefined;

  afterAll(async () => {
    await events?.close();
    await executor?.close();
    await Promise.all(workers.map((w) => w.stop()));
    await deleteKeys(prefix);
  });

  it('keeps its lock while the kernel runs, so no other worker takes it for stalled and runs it again', async () => {
    // A 0.6 s lock and a second worker looking for stalled partitions every 0.2 s; the
    // single partition's kernel blocks its thread for ~2.4 s.
    const locks = { lockDuration: 600, stalledInterval: 200, maxStalledCount: 5 };
    workers.push(...(await Promise.all([startWorkerProcess({ prefix, ...locks }), startWorkerProcess({ prefix, ...locks })])));
    events = new QueueEvents(QUEUE_NAME, { connection: { url: REDIS_URL }, prefix });
    await events.waitUntilReady();
    const stalled: string[] = [];
    events.on('stalled', ({ jobId }) => stalled.push(jobId));
    executor = new BullmqExecutor({ redis: REDIS_URL, prefix });
    const job: JobSpec = { plugin: FIXTURE_PLUGIN, params: resolveParams(loadPlugin(FIXTURE_PLUGIN), { delayMs: 50 }), dataset, tileShape: { depth: 1, rows: 8 } };
    const outcome = await runJob(job, executor, { partitions: 1 });
    const expected = await runJob({ ...job, params: resolveParams(loadPlugin(FIXTURE_PLUGIN), {}) }, new InlineExecutor(), { partitions: 1 });
    for (const name of Object.keys(expected.results)) expect(Array.from(outcome.results[name]!.data)).toEqual(Array.from(expected.results[name]!.data));
    expect(outcome.seconds).toBeGreaterThan(2 * locks.lockDuration / 1000); // it really outlived its lock
    expect(stalled).toEqual([]);
  });
});

describe('Redis restarted mid-job', () => {
  const port = 20000 + ((process.pid + 7919) % 20000);
  const url = `redis://127.0.0.1:${port}`;
  const startRedis = () => spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  let server = startRedis();
  const workers: WorkerProcess[] = [];
  let executor: BullmqExecutor | undefined;

  afterAll(async () => {
    await executor?.close();
    for (const w of workers) w.child.kill('SIGKILL');
    if (server.exitCode === null) server.kill('SIGKILL');
  });

  it('queues the job again on the new, empty Redis and finishes it with the inline result', async () => {
    const prefix = uniquePrefix('restart');
    workers.push(await startWorkerProcess({ prefix, redis: url }));
    executor = new BullmqExecutor({ redis: url, prefix, redisLostMs: 20_000, watchEveryMs: 300 });
    const job: JobSpec = { plugin: FIXTURE_PLUGIN, params: resolveParams(loadPlugin(FIXTURE_PLUGIN), { delayMs: 20 }), dataset, tileShape: { depth: 1, rows: 8 } };
    let restarted: Promise<void> | undefined;
    const merged: number[] = [];
    const outcome = await runJob(job, executor, {
      partitions: 6,
      onFrames: () => {
        // Kill Redis (it keeps nothing on disk) while partitions are queued and running, then start it again.
        restarted ??= new Promise<void>((done) => {
          server.once('exit', () => {
            setTimeout(() => {
              server = startRedis();
              done();
            }, 500);
          });
          server.kill('SIGKILL');
        });
      },
      onPartition: (p) => merged.push(p.partitionsDone),
    });
    await restarted;
    expect(restarted).toBeDefined();
    const expected = await runJob({ ...job, params: resolveParams(loadPlugin(FIXTURE_PLUGIN), {}) }, new InlineExecutor(), { partitions: 6 });
    for (const name of Object.keys(expected.results)) expect(Array.from(outcome.results[name]!.data)).toEqual(Array.from(expected.results[name]!.data));
    expect(merged).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
