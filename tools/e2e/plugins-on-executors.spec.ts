import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExecutor, describeDataSet, encodeNpy, PluginCatalog, runJob, type Executor } from '@stemflow/engine';
import { resolveParams, type NDArray } from '@stemflow/plugin-sdk';
import { awkwardRoi, randomData } from '@stemflow/plugin-sdk/testing';

/**
 * Every installed analysis, with its own defaults, runs the same on every executor: worker
 * threads (partitions finishing in any order, buffers crossing threads) give what the calling
 * thread gives, with and without a ROI. Catches defaults that do not validate, results that
 * depend on merge order, and buffers that do not survive the trip.
 */
const NAV = [9, 11];
const SIG = [24, 20];
const dir = mkdtempSync(join(tmpdir(), 'stemflow-executors-'));
const path = join(dir, 'data.npy');
writeFileSync(path, encodeNpy({ data: randomData('uint16', 99 * 480, 5, 200), shape: [...NAV, ...SIG] }));
const dataset = describeDataSet({ path });
const info = { navShape: dataset.navShape, sigShape: dataset.sigShape, dtype: dataset.dtype, frames: 99 };
const catalog = PluginCatalog.discover({ start: __dirname });

let inline: Executor;
let threads: Executor;
beforeAll(() => {
  inline = createExecutor('inline');
  threads = createExecutor('threads', { workers: 2 });
});
afterAll(async () => {
  await inline.close();
  await threads.close();
});

function expectSame(a: Record<string, NDArray>, b: Record<string, NDArray>): void {
  expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
  for (const [name, x] of Object.entries(a)) {
    const y = b[name]!;
    expect({ name, shape: y.shape }).toEqual({ name, shape: x.shape });
    for (let i = 0; i < x.data.length; i++) {
      const [u, v] = [x.data[i]!, y.data[i]!];
      if (Number.isNaN(u)) expect(v).toBeNaN();
      else expect(Math.abs(u - v)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(u)));
    }
  }
}

it('finds the built-in analyses', () => {
  expect(catalog.problems).toEqual([]);
  expect(catalog.entries.map((e) => e.plugin.id)).toEqual(expect.arrayContaining(['sum', 'sum-sig', 'virtual-detector', 'pick', 'std-dev', 'center-of-mass']));
});

describe.each(catalog.entries.map((e) => [e.plugin.id, e] as const))('%s', (_id, entry) => {
  const params = resolveParams(entry.plugin, {}, info);

  it.each([
    ['the whole scan', undefined],
    ['a ROI', awkwardRoi(99)],
  ])('gives the same results inline and on worker threads, over %s', async (_what, roi) => {
    const spec = { plugin: entry.ref, params, dataset, ...(roi ? { roi } : {}) };
    const a = await runJob(spec, inline, { partitions: 3 });
    const b = await runJob(spec, threads, { partitions: 4 });
    expect(Object.keys(a.results).length).toBeGreaterThan(0);
    expectSame(a.results, b.results);
  });
});
