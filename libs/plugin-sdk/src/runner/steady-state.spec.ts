import type { TypedArray } from '../dtype';
import { definePlugin } from '../plugin';
import { Type } from 'typebox';
import { randomDataSet } from '../testing';
import { BufferPool } from './buffer-pool';
import { runPartition } from './run-partition';

/**
 * The read path allocates nothing per tile: every tile of every partition a worker runs is read
 * into, corrected in and handed to the kernel as the same pooled memory. (Fresh memory costs
 * ~0.3 GB/s on first touch on these machines; a per-tile allocation would cap throughput there.)
 */
const seenByKernel = new Set<ArrayBufferLike>();
const plugin = definePlugin({
  id: 'buffer-probe',
  title: 'Buffer probe',
  description: 'Records which memory each tile arrives in',
  params: Type.Object({}),
  udf: {
    buffers: { total: { kind: 'nav', dtype: 'float64' } },
    processTile(tile, { out }) {
      seenByKernel.add(tile.data.buffer);
      for (let f = 0; f < tile.depth; f++) out.total[f]! += tile.data[f * tile.rows * tile.width]!;
    },
  },
});

it.each([
  ['raw tiles', undefined],
  ['corrected tiles', { dark: new Float32Array(16 * 20).fill(1), excluded: Uint32Array.of(5, 77) }],
])('%s: one buffer for every tile of two partitions', (_name, corrections) => {
  const source = randomDataSet([12, 10], [16, 20], 'uint16', 3);
  const readInto = new Set<ArrayBufferLike>();
  const read = source.readFrames.bind(source);
  source.readFrames = (frameStart: number, count: number, rowStart: number, rows: number, dest: TypedArray) => {
    readInto.add(dest.buffer);
    read(frameStart, count, rowStart, rows, dest);
  };
  seenByKernel.clear();
  const pool = new BufferPool();
  let tiles = 0;
  for (const partition of [
    { index: 0, start: 0, end: 60 },
    { index: 1, start: 60, end: 120 },
  ]) {
    runPartition(plugin, {}, source, partition, { pool, tileShape: { depth: 3, rows: 5 }, corrections, onFrames: () => tiles++ });
  }
  expect(tiles).toBe(40); // 20 frame groups per partition, each read as 4 row bands
  expect(readInto.size).toBe(1);
  expect(seenByKernel.size).toBe(1);
});
