import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveParams, StemflowError, type PartitionResult } from '@stemflow/plugin-sdk';
import { randomData } from '@stemflow/plugin-sdk/testing';
import { describeDataSet, encodeNpy, loadPlugin, runJob, type DatasetDescriptor, type Executor, type JobSpec } from '..';
import { decodeResult } from './bullmq/result-codec';
import { InlineExecutor } from './inline-executor';
import { ThreadExecutor } from './thread-executor';

const pluginDir = join(__dirname, 'fixtures/test-plugin');
const ref = { module: pluginDir, id: 'frame-stats' };
const nav = [7, 9];
const sig = [13, 6];
const frames = 63;
const frameSize = 78;
const data = randomData('uint16', frames * frameSize, 7);
const dir = mkdtempSync(join(tmpdir(), 'stemflow-exec-'));
const path = join(dir, 'data.npy');
writeFileSync(path, encodeNpy({ data, shape: [...nav, ...sig] }));
const dataset: DatasetDescriptor = describeDataSet({ path });

function spec(params: object = {}, extra: Partial<JobSpec> = {}): JobSpec {
  return { plugin: ref, params: resolveParams(loadPlugin(ref), params), dataset, ...extra };
}

/** Plain float64 reference of the fixture's results. */
function reference(roi?: Uint8Array): { perFrame: number[]; total: number[] } {
  const perFrame = new Array<number>(frames).fill(Number.NaN);
  const total = new Array<number>(frameSize).fill(0);
  for (let f = 0; f < frames; f++) {
    if (roi && !roi[f]) continue;
    let s = 0;
    for (let p = 0; p < frameSize; p++) {
      s += data[f * frameSize + p]!;
      total[p]! += data[f * frameSize + p]!;
    }
    perFrame[f] = s;
  }
  return { perFrame, total };
}

const executors: [string, () => Executor][] = [
  ['inline', () => new InlineExecutor()],
  ['threads', () => new ThreadExecutor({ workers: 2 })],
];

describe.each(executors)('%s executor', (_name, make) => {
  let executor: Executor;
  beforeAll(() => {
    executor = make();
  });
  afterAll(() => executor.close());

  it.each([
    ['no ROI, 3 partitions, odd tiles', undefined, 3, { depth: 4, rows: 5 }],
    ['a ROI, 4 partitions, single-frame tiles', Uint8Array.from({ length: frames }, (_, i) => (i % 3 === 1 || i > 50 ? 1 : 0)), 4, { depth: 1, rows: 13 }],
    ['a ROI that empties a partition', Uint8Array.from({ length: frames }, (_, i) => (i < 20 ? 1 : 0)), 3, { depth: 5, rows: 2 }],
  ])('matches a float64 reference with %s', async (_what, roi, partitions, tileShape) => {
    const merged: number[] = [];
    const outcome = await runJob(spec({}, { roi, tileShape }), executor, { partitions, onPartition: (p) => merged.push(p.partitionsDone) });
    const expected = reference(roi);
    expect(Array.from(outcome.results.perFrame!.data)).toEqual(expected.perFrame);
    expect(outcome.results.perFrame!.shape).toEqual(nav);
    expect(Array.from(outcome.results.total!.data)).toEqual(expected.total);
    expect(outcome.results.total!.shape).toEqual(sig);
    expect(merged).toEqual(Array.from({ length: partitions }, (_, i) => i + 1));
  });

  it('fails the job with the plugin name and message when a kernel throws', async () => {
    const error = await runJob(spec({ failAt: 40 }), executor, { partitions: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StemflowError);
    expect((error as StemflowError).code).toBe('KERNEL_FAILED');
    expect((error as Error).message).toMatch(/frame-stats.*frame 40 is cursed/);
  });

  it('stops a job when cancelled and stays usable', async () => {
    const controller = new AbortController();
    let frames = 0;
    const running = runJob(spec({ delayMs: 20 }, { tileShape: { depth: 1, rows: 13 } }), executor, {
      partitions: 4,
      signal: controller.signal,
      onFrames: (p) => {
        frames = p.framesDone;
      },
    });
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    const error = await running.catch((e: unknown) => e);
    expect((error as StemflowError).code).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(1000); // 63 frames × 20 ms would take > 1.2 s
    expect(frames).toBeLessThan(63);
    const after = await runJob(spec(), executor, { partitions: 2 });
    expect(Array.from(after.results.perFrame!.data)).toEqual(reference().perFrame);
  });
});

describe('thread executor', () => {
  it('shares workers between concurrent jobs, each getting exactly its own results', async () => {
    const executor = new ThreadExecutor({ workers: 2 });
    try {
      const roi = Uint8Array.from({ length: frames }, (_, i) => i % 2);
      const [a, b] = await Promise.all([runJob(spec(), executor, { partitions: 5 }), runJob(spec({}, { roi }), executor, { partitions: 5 })]);
      expect(Array.from(a.results.perFrame!.data)).toEqual(reference().perFrame);
      expect(Array.from(b.results.perFrame!.data)).toEqual(reference(roi).perFrame);
    } finally {
      await executor.close();
    }
  });

  it('serves runs in arrival order with fifo, round-robin without (one thread, four one-partition runs)', async () => {
    const order = async (fifo: boolean): Promise<number[]> => {
      const executor = new ThreadExecutor({ workers: 1, fifo });
      const done: number[] = [];
      try {
        const partitions = [0, 1, 2, 3].map((i) => ({ index: i, start: i * 10, end: i * 10 + 10 }));
        const handlers = (i: number) => ({ onResult: () => done.push(i), onFrames: () => undefined });
        await Promise.all(partitions.map((p) => executor.run(spec(), [p], handlers(p.index))));
      } finally {
        await executor.close();
      }
      return done;
    };
    expect(await order(true)).toEqual([0, 1, 2, 3]);
    expect(await order(false)).not.toEqual([0, 1, 2, 3]); // round-robin rotates past the next-oldest run
  });

  it('runEncoded: each partition arrives encoded for the wire, decoding to the arrays `run` gives', async () => {
    const executor = new ThreadExecutor({ workers: 2 });
    try {
      const partitions = [0, 1, 2].map((i) => ({ index: i, start: i * 21, end: i * 21 + 21 }));
      const plain = new Map<number, PartitionResult>();
      await executor.run(spec(), partitions, { onResult: (r) => plain.set(r.partition.index, r), onFrames: () => undefined });
      const encoded: Buffer[] = [];
      let framesSeen = 0;
      await executor.runEncoded(spec(), partitions, { onEncoded: (bytes) => encoded.push(bytes), onFrames: (n) => (framesSeen += n) });
      expect(encoded).toHaveLength(3);
      expect(framesSeen).toBe(frames);
      for (const bytes of encoded) {
        const decoded = decodeResult(bytes);
        const expected = plain.get(decoded.partition.index)!;
        expect(Array.from(decoded.navIndices)).toEqual(Array.from(expected.navIndices));
        for (const name of Object.keys(expected.buffers)) expect(Array.from(decoded.buffers[name]!)).toEqual(Array.from(expected.buffers[name]!));
      }
      const error = await executor.runEncoded(spec({ failAt: 40 }), partitions, { onEncoded: () => undefined, onFrames: () => undefined }).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/frame 40 is cursed/);
    } finally {
      await executor.close();
    }
  });

  it('survives a worker that dies: the job fails clearly, the next one runs', async () => {
    const executor = new ThreadExecutor({ workers: 1 });
    try {
      const job = runJob(spec({ delayMs: 50 }, { tileShape: { depth: 1, rows: 13 } }), executor, { partitions: 2 });
      await new Promise((r) => setTimeout(r, 100));
      const slots = (executor as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots;
      await slots[0]!.worker.terminate();
      const error = await job.catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/worker thread exited/);
      const after = await runJob(spec(), executor, { partitions: 2 });
      expect(Array.from(after.results.total!.data)).toEqual(reference().total);
    } finally {
      await executor.close();
    }
  });
});
