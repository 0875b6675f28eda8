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

  it('sizes partitions by the executor’s preferred bytes, and still makes at least two per worker', async () => {
    const big = new SizedExecutor(64 * 2 ** 10);
    const small = new SizedExecutor(16 * 2 ** 10);
    const a = await runJob(spec, big);
    const b = await runJob(spec, small);
    expect(big.seen).toHaveLength(8); // 512 KiB / 64 KiB
    expect(small.seen).toHaveLength(32); // 512 KiB / 16 KiB
    expect(Array.from(a.results.total!.data)).toEqual(Array.from(b.results.total!.data));
    const huge = new SizedExecutor(2 ** 30);
    await runJob(spec, huge);
    expect(huge.seen).toHaveLength(2); // one worker: at least two partitions
  });
});
