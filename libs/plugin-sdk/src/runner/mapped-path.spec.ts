import type { TypedArray } from '../dtype';
import { definePlugin } from '../plugin';
import { MemoryDataSet, randomData, runUdf } from '../testing';
import { Type } from 'typebox';

/**
 * The zero-copy path (sources that map frames) gives the same results as reading, including
 * when the source maps fewer frames than asked, refuses some frames (read instead), and with a
 * region of interest that splits runs of frames.
 */
class MappingDataSet extends MemoryDataSet {
  mapCalls = 0;
  refused = 0;

  mapFrames(frameStart: number, count: number): TypedArray | undefined {
    this.mapCalls++;
    if (frameStart % 5 === 2) {
      this.refused++;
      return undefined; // e.g. a blank frame from a sync offset: the runner reads it
    }
    const n = Math.min(count, 3); // a small window
    const frameSize = this.sigShape.reduce((a, b) => a * b, 1);
    return this.data.subarray(frameStart * frameSize, (frameStart + n) * frameSize);
  }
}

const plugin = definePlugin({
  id: 'frame-and-pixel-sums',
  title: 'Frame and pixel sums',
  description: 'Total per frame, sum over frames, and the frame count seen by each tile shape',
  params: Type.Object({}),
  udf: {
    buffers: {
      perFrame: { kind: 'nav', dtype: 'float64' },
      perPixel: { kind: 'sig', dtype: 'float64' },
      first: { kind: 'nav', dtype: 'float64' },
    },
    processTile(tile, { out }) {
      const size = tile.rows * tile.width;
      for (let f = 0; f < tile.depth; f++) {
        if (tile.rowStart === 0) out.first[f] = tile.data[f * size]! + 1;
        for (let p = 0; p < size; p++) {
          out.perFrame[f]! += tile.data[f * size + p]!;
          out.perPixel[p]! += tile.data[f * size + p]!;
        }
      }
    },
  },
});

const nav = [7, 5];
const sig = [6, 9];
const data = randomData('uint16', 35 * 54, 4, 60000);
const roi = Uint8Array.from({ length: 35 }, (_, i) => (i % 7 === 3 || i === 20 ? 0 : 1));

it.each([
  ['all frames', undefined],
  ['a region of interest', roi],
])('mapped frames give the read path results over %s', (_name, roiMask) => {
  const mapping = new MappingDataSet(data, nav, sig);
  const mapped = runUdf(plugin, mapping, {}, { roi: roiMask, partitions: 3 });
  const read = runUdf(plugin, new MemoryDataSet(data, nav, sig), {}, { roi: roiMask, partitions: 3, tileShape: { depth: 4, rows: 2 } });
  expect(mapping.mapCalls).toBeGreaterThan(5);
  expect(mapping.refused).toBeGreaterThan(0);
  for (const name of ['perFrame', 'perPixel', 'first']) {
    expect(Array.from(mapped[name]!.data)).toEqual(Array.from(read[name]!.data));
  }
});
