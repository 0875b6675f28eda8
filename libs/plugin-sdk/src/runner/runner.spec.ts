import { Type } from 'typebox';
import { definePlugin, type Tile } from '../plugin';
import { MemoryDataSet, randomDataSet } from '../testing';
import { makePartitions, selectFrames } from './partitions';
import { runInline } from './run-inline';
import { runPartition } from './run-partition';

/** Records every tile it sees, and computes per-frame and per-pixel sums in plain loops. */
function recordingPlugin(seen: { depth: number; rowStart: number; rows: number; frames: number[] }[]) {
  return definePlugin({
    id: 'recorder',
    title: 'Recorder',
    description: 'test',
    params: Type.Object({}),
    udf: {
      buffers: {
        perFrame: { kind: 'nav', dtype: 'float64' },
        perPixel: { kind: 'sig', dtype: 'float64', extraShape: [2] },
        count: { kind: 'single', dtype: 'float64' , extraShape: [1] },
      },
      processTile(tile: Tile, { out }) {
        seen.push({ depth: tile.depth, rowStart: tile.rowStart, rows: tile.rows, frames: Array.from(tile.navIndices) });
        const size = tile.rows * tile.width;
        for (let f = 0; f < tile.depth; f++) {
          for (let p = 0; p < size; p++) {
            const v = tile.data[f * size + p]!;
            out.perFrame[f]! += v;
            out.perPixel[p * 2]! += v;
            out.perPixel[p * 2 + 1]! += v * v;
          }
          if (tile.rowStart === 0) out.count[0]! += 1;
        }
      },
    },
  });
}

describe('partitions', () => {
  it('split frames into contiguous near-equal ranges covering everything once', () => {
    const parts = makePartitions(23, { count: 4 });
    expect(parts.map((p) => p.end - p.start)).toEqual([5, 6, 6, 6]);
    expect(parts[0]!.start).toBe(0);
    expect(parts[3]!.end).toBe(23);
    for (let i = 1; i < parts.length; i++) expect(parts[i]!.start).toBe(parts[i - 1]!.end);
  });

  it('size by bytes but keep a minimum count, never more partitions than frames', () => {
    expect(makePartitions(1000, { frameBytes: 2 ** 20, targetBytes: 100 * 2 ** 20 })).toHaveLength(10);
    expect(makePartitions(1000, { frameBytes: 10, minCount: 4 })).toHaveLength(4);
    expect(makePartitions(3, { count: 8 })).toHaveLength(3);
  });

  it('taper the tail when sized by volume: the last partitions are a half and two quarters, run last, covering everything once', () => {
    const parts = makePartitions(16_384, { frameBytes: 131_072, targetBytes: 256 * 2 ** 20, minCount: 4, taper: 2 });
    expect(parts.map((p) => p.end - p.start)).toEqual([2048, 2048, 2048, 2048, 2048, 2048, 1024, 1024, 512, 512, 512, 512]);
    expect(parts.map((p) => p.index)).toEqual(parts.map((_, i) => i));
    const covered = new Uint8Array(16_384);
    for (const p of parts) for (let f = p.start; f < p.end; f++) covered[f]! += 1;
    expect(covered.every((c) => c === 1)).toBe(true);
    expect(makePartitions(23, { count: 4, taper: 2 }).map((p) => p.end - p.start)).toEqual([5, 6, 6, 6]); // an exact count is kept
    expect(makePartitions(5, { minCount: 2, taper: 2 }).map((p) => p.end - p.start)).toEqual([2, 3]); // too small to split
  });

  it('select the ROI frames of a partition', () => {
    const roi = Uint8Array.from([1, 0, 0, 1, 1, 0, 1]);
    expect(Array.from(selectFrames({ index: 0, start: 2, end: 7 }, roi))).toEqual([3, 4, 6]);
  });
});

describe('runPartition', () => {
  const ds = randomDataSet([3, 5], [7, 4], 'uint16', 11);

  it('walks odd tiles over whole rows of each run of frames, in order', () => {
    const seen: { depth: number; rowStart: number; rows: number; frames: number[] }[] = [];
    runPartition(recordingPlugin(seen), {}, ds, { index: 0, start: 2, end: 9 }, { tileShape: { depth: 3, rows: 3 } });
    expect(seen.map((t) => [t.frames, t.rowStart, t.rows])).toEqual([
      [[2, 3, 4], 0, 3], [[2, 3, 4], 3, 3], [[2, 3, 4], 6, 1],
      [[5, 6, 7], 0, 3], [[5, 6, 7], 3, 3], [[5, 6, 7], 6, 1],
      [[8], 0, 3], [[8], 3, 3], [[8], 6, 1],
    ]);
  });

  it('reads ROI gaps correctly (frames that are not adjacent in the file)', () => {
    const roi = Uint8Array.from({ length: 15 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const seen: { depth: number; rowStart: number; rows: number; frames: number[] }[] = [];
    const result = runPartition(recordingPlugin(seen), {}, ds, { index: 0, start: 0, end: 15 }, { roi, tileShape: { depth: 2, rows: 7 } });
    expect(Array.from(result.navIndices)).toEqual([0, 4, 8, 12]);
    for (const [k, f] of [0, 4, 8, 12].entries()) {
      let expected = 0;
      for (let p = 0; p < 28; p++) expected += ds.data[f * 28 + p]!;
      expect(result.buffers.perFrame![k]).toBe(expected);
    }
  });
});

describe('runInline', () => {
  const ds = new MemoryDataSet(Float32Array.from({ length: 6 * 5 * 9 }, (_, i) => Math.sin(i) * 100), [2, 3], [5, 9]);

  it.each([
    [{ depth: 1, rows: 1 }, 2],
    [{ depth: 4, rows: 2 }, 3],
    [{ depth: 6, rows: 5 }, 6],
  ])('gives the same sums for tiles %j and %i partitions as a plain float64 loop', (tileShape, partitions) => {
    const results = runInline(recordingPlugin([]), {}, ds, { tileShape, partitions }).results();
    for (let f = 0; f < 6; f++) {
      let s = 0;
      for (let p = 0; p < 45; p++) s += ds.data[f * 45 + p]!;
      expect(results.perFrame!.data[f]).toBeCloseTo(s, 9);
    }
    for (let p = 0; p < 45; p++) {
      let s = 0;
      let q = 0;
      for (let f = 0; f < 6; f++) {
        s += ds.data[f * 45 + p]!;
        q += ds.data[f * 45 + p]! ** 2;
      }
      expect(results.perPixel!.data[p * 2]).toBeCloseTo(s, 9);
      expect(results.perPixel!.data[p * 2 + 1]).toBeCloseTo(q, 6);
    }
    expect(results.perPixel!.shape).toEqual([5, 9, 2]);
    expect(results.perFrame!.shape).toEqual([2, 3]);
    expect(Array.from(results.count!.data)).toEqual([6]);
  });

  it('marks merged positions valid and leaves the rest NaN', () => {
    const roi = Uint8Array.from([0, 1, 1, 0, 0, 1]);
    const acc = runInline(recordingPlugin([]), {}, ds, { roi, partitions: 3 });
    expect(Array.from(acc.valid)).toEqual(Array.from(roi));
    expect(Array.from(acc.results().perFrame!.data).map((v) => Number.isNaN(v))).toEqual([true, false, false, true, true, false]);
    expect(acc.framesMerged).toBe(3);
  });

  it('wraps a throwing kernel into KERNEL_FAILED naming the plugin', () => {
    const broken = definePlugin({
      id: 'broken',
      title: 'Broken',
      description: 'test',
      params: Type.Object({}),
      udf: { buffers: {}, processFrame: () => { throw new Error('boom'); } },
    });
    expect(() => runInline(broken, {}, ds)).toThrow(/plugin "broken" failed in processFrame: boom/);
  });
});
