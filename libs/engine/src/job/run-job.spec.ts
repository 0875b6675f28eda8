import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Partition } from '@stemflow/plugin-sdk';
import { resolveParams } from '@stemflow/plugin-sdk';
import { randomData } from '@stemflow/plugin-sdk/testing';
import { describeDataSet, encodeNpy, loadPlugin, runJob } from '..';
import type { ExecutorHandlers, JobSpec } from '../executors/executor';
import { InlineExecutor } from '../executors/inline-executor';

const FIXTURE_PLUGIN = { id: 'frame-stats', module: join(__dirname, '../executors/fixtures/test-plugin') };

/** An inline executor that records the partitions it was given and prefers a partition size. */
class SizedExecutor extends InlineExecutor {
  seen: Partition[] = [];
  constructor(readonly partitionBytes?: number) {
    super();
  }
  override run(spec: JobSpec, partitions: Partition[], handlers: ExecutorHandlers, signal?: AbortSignal): Promise<void> {
    this.seen = partitions;
    return super.run(spec, partitions, handlers, signal);
  }
}

describe('runJob partitions', () => {
  // 64 frames of 64×64 uint16 = 8 KiB each, 512 KiB in all.
  const path = join(mkdtempSync(join(tmpdir(), 'stemflow-runjob-')), 'data.npy');
  writeFileSync(path, encodeNpy({ data: randomData('uint16', 64 * 64 * 64, 3), shape: [8, 8, 64, 64] }));
  const spec: JobSpec = { plugin: FIXTURE_PLUGIN, params: resolveParams(loadPlugin(FIXTURE_PLUGIN), {}), dataset: describeDataSet({ path }) };

  const frameCounts = (partitions: Partition[]): number[] => partitions.map((p) => p.end - p.start);

  it('sizes partitions by the executor’s preferred bytes, at least two per worker, the last one tapered', async () => {
    const big = new SizedExecutor(64 * 2 ** 10);
    const small = new SizedExecutor(16 * 2 ** 10);
    const a = await runJob(spec, big);
    const b = await runJob(spec, small);
    // 512 KiB / 64 KiB = 8 of 8 frames; the last (one worker slot) as a half and two quarters.
    expect(frameCounts(big.seen)).toEqual([8, 8, 8, 8, 8, 8, 8, 4, 2, 2]);
    expect(frameCounts(small.seen)).toEqual(Array(32).fill(2)); // 512 KiB / 16 KiB; 2 frames are too few to split
    expect(Array.from(a.results.total!.data)).toEqual(Array.from(b.results.total!.data));
    const huge = new SizedExecutor(2 ** 30);
    await runJob(spec, huge);
    expect(frameCounts(huge.seen)).toEqual([32, 16, 8, 8]); // one worker: at least two partitions, then the taper
  });
});
